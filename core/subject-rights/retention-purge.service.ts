import { deleteDaysBefore } from '../attendance/attendance-month.repository.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import type { RetentionSettings } from './retention.settings.ts';

export interface PurgeCounts {
  childcareCases: number;
  childcareSheets: number;
  attendanceDays: number;
}

/**
 * The daily purge. Childcare family details of cases closed more than N years ago are wiped (the
 * case stays for the uptake figures); raw attendance days older than M months are deleted (the
 * monthly and yearly overtime totals stay). Idempotent: a second run finds nothing. Audited with
 * counts only.
 */
export async function purgeExpired(db: Db, settings: RetentionSettings, now: Date): Promise<PurgeCounts> {
  return db.transaction(async (tx) => {
    const cases = await tx.query<{ id: string }>(sql`
      update childcare_case set due_date = null, birth_date = null
       where status = 'closed' and updated_at < ${now}::timestamptz - make_interval(years => ${settings.childcareYearsAfterClose}::int)
         and (due_date is not null or birth_date is not null or exists (
              select 1 from childcare_sheet_version v where v.case_id = childcare_case.id and not (v.answers ? 'purged')))
      returning id::text`);
    const ids = cases.map((c) => c.id);
    const sheets = await tx.query(sql`
      update childcare_sheet_version set answers = '{"purged": true}'::jsonb
       where case_id = any(${ids}::uuid[]) and not (answers ? 'purged') returning 1`);
    const wlb = await tx.query(sql`
      update childcare_wlb_sheet set answers = '{"purged": true}'::jsonb
       where case_id = any(${ids}::uuid[]) and not (answers ? 'purged') returning 1`);
    const days = await deleteDaysBefore(
      tx,
      (
        await tx.query<{ cutoff: string }>(sql`
          select ((${now}::timestamptz at time zone 'Asia/Tokyo')::date - make_interval(months => ${settings.attendanceMonths}::int))::date::text as cutoff`)
      )[0]!.cutoff,
    );
    const counts = {
      childcareCases: cases.length,
      childcareSheets: sheets.length + wlb.length,
      attendanceDays: days,
    };
    if (counts.childcareCases + counts.attendanceDays > 0)
      await writeAudit(tx, {
        actorId: null,
        actorLabel: 'retention-purge',
        action: 'retention.purge',
        detail: { ...counts, settings },
      });
    return counts;
  });
}
