import { writeAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { decodeText, parseCsv } from '../shared/csv.ts';
import { AppError, type FieldError } from '../shared/errors.ts';
import { saveOpeningBalances } from './leave-plan.repository.ts';

/**
 * The opening balance of 年次休暇 per person and calendar year (grant + carry-over as the attendance
 * system counts it), from its export: 職員番号,年,年次休暇期首残日数 (docs/attendance-csv.md). All or
 * nothing: every problem is listed with its line and column, and nothing is stored if there is one.
 */

const COLUMNS = { employeeNo: '職員番号', year: '年', days: '年次休暇期首残日数' } as const;

/** Up to 20 granted + 20 carried (勤務時間法 第17条, 人事院規則15-14 第18条), in half days or finer. */
const MAX_OPENING_DAYS = 40;

export async function importOpeningBalances(
  db: Db,
  bytes: Uint8Array,
  actor: { id: string | null },
  source = 'csv',
): Promise<{ rows: number }> {
  const { text } = decodeText(bytes);
  const { header, rows } = parseCsv(text.normalize('NFKC'));
  const errors: FieldError[] = [];
  for (const c of Object.values(COLUMNS))
    if (!header.includes(c)) errors.push({ where: 'line 1', message: `missing column "${c}"` });
  if (errors.length > 0)
    throw new AppError('bad_request', 'The opening-balance file was not imported.', errors);

  const nos = [...new Set(rows.map((r) => r.values[COLUMNS.employeeNo]?.trim() ?? ''))];
  const known = new Map(
    (
      await db.query<{ id: string; employee_no: string }>(
        sql`select id, employee_no from employee where employee_no = any(${nos}::text[])`,
      )
    ).map((r) => [r.employee_no, r.id]),
  );
  const seen = new Set<string>();
  const parsed: { employeeId: string; year: number; days: number; source: string }[] = [];
  for (const { line, values } of rows) {
    const no = values[COLUMNS.employeeNo]?.trim() ?? '';
    const year = Number(values[COLUMNS.year]?.trim().replace(/年$/, ''));
    const days = Number(values[COLUMNS.days]?.trim().replace(/日$/, ''));
    const at = (c: string) => `line ${line}, column ${c}`;
    const id = known.get(no);
    if (!id) errors.push({ where: at(COLUMNS.employeeNo), message: `unknown employee number "${no}"` });
    if (!Number.isInteger(year) || year < 2000 || year > 2100)
      errors.push({ where: at(COLUMNS.year), message: 'a calendar year such as 2026' });
    if (!Number.isFinite(days) || days < 0 || days > MAX_OPENING_DAYS)
      errors.push({
        where: at(COLUMNS.days),
        message: `days between 0 and ${MAX_OPENING_DAYS} (20 granted + 20 carried)`,
      });
    if (seen.has(`${no}/${year}`))
      errors.push({ where: at(COLUMNS.employeeNo), message: 'the same employee and year twice' });
    seen.add(`${no}/${year}`);
    if (id) parsed.push({ employeeId: id, year, days, source });
  }
  if (errors.length > 0)
    throw new AppError('bad_request', 'The opening-balance file was not imported.', errors);
  await db.transaction(async (tx) => {
    await saveOpeningBalances(tx, parsed);
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'leave.opening_balance.import',
      targetType: 'leave_grant',
      detail: { rows: parsed.length },
    });
  });
  return { rows: parsed.length };
}
