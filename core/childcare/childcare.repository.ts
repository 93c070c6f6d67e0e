import type { Db } from '../db/db.ts';
import { maybeOne, one } from '../db/db.ts';
import { fragment, sql } from '../db/sql.ts';
import type { PersonRead } from '../org/person-read.ts';
import type { IsoDate } from '../shared/calendar.ts';
import { AppError } from '../shared/errors.ts';
import { type ChildcareSettings, childcareSettings } from './childcare.settings.ts';
import type {
  CaseListRow,
  CaseSource,
  ChildcareCaseRow,
  ManagerShareRow,
  SheetVersionRow,
} from './childcare.table.ts';

const caseColumns = fragment`c.id, c.employee_id, c.status, c.source, c.invited_by, c.reported_on, c.due_date, c.birth_date,
  c.multiple_birth, c.current_version, c.consent`;

/** HR's overrides (setting 'childcare') over the defaults; validated on every read. */
export async function loadChildcareSettings(db: Db): Promise<ChildcareSettings> {
  const row = await maybeOne<{ value: unknown }>(db, sql`select value from setting where key = 'childcare'`);
  return childcareSettings(row?.value ?? {});
}

export async function findCase(db: Db, id: string): Promise<ChildcareCaseRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return maybeOne<ChildcareCaseRow>(db, sql`select ${caseColumns} from childcare_case c where c.id = ${id}`);
}

/** Whether the person has an open case: a read of `me` (育児 reads it with the turn's identity). */
export function hasOpenCaseRead(): PersonRead<boolean> {
  return {
    name: 'childcare-has-open-case',
    columns: `exists (select 1 from childcare_case c where c.employee_id = me.id and c.status <> 'closed') as has_open_case`,
    values: [],
    read: (row) => row.has_open_case === true,
  };
}

export async function findOpenCase(db: Db, employeeId: string): Promise<ChildcareCaseRow | undefined> {
  return maybeOne<ChildcareCaseRow>(
    db,
    sql`select ${caseColumns} from childcare_case c where c.employee_id = ${employeeId} and c.status <> 'closed'`,
  );
}

export interface OpenCaseInput {
  employeeId: string;
  source: CaseSource;
  invitedBy?: string | null;
  reportedOn: IsoDate;
  dueDate?: IsoDate | null;
  birthDate?: IsoDate | null;
  multipleBirth?: boolean;
}

/**
 * The person's open case, created if there is none. Two starts at once (a tap on the card and an
 * invite) meet at the partial unique index: one inserts, the other reads the winner.
 */
export async function openCase(
  db: Db,
  input: OpenCaseInput,
): Promise<{ row: ChildcareCaseRow; created: boolean }> {
  const status = input.source === 'invite' ? 'invited' : 'started';
  const inserted = await db.query<ChildcareCaseRow>(sql`
    insert into childcare_case as c (employee_id, status, source, invited_by, reported_on, due_date, birth_date, multiple_birth)
    values (${input.employeeId}, ${status}, ${input.source}, ${input.invitedBy ?? null}, ${input.reportedOn},
            ${input.dueDate ?? null}, ${input.birthDate ?? null}, ${input.multipleBirth ?? false})
    on conflict (employee_id) where status <> 'closed' do nothing
    returning ${caseColumns}`);
  if (inserted[0]) return { row: inserted[0], created: true };
  const existing = await findOpenCase(db, input.employeeId);
  if (!existing) throw new AppError('conflict', 'the case changed while it was being opened');
  return { row: existing, created: false };
}

/** The person withdraws the case: closed, consent off (a new start opens a fresh case). */
export async function closeCase(db: Db, caseId: string): Promise<boolean> {
  const closed = await db.query<{ id: string }>(sql`
    update childcare_case set status = 'closed', consent = false, updated_at = now()
     where id = ${caseId} and status <> 'closed' returning id`);
  return closed.length > 0;
}

/** An invited case becomes 'started' when the person opens the sheet. */
export async function markStarted(db: Db, caseId: string): Promise<void> {
  await db.query(
    sql`update childcare_case set status = 'started', updated_at = now() where id = ${caseId} and status = 'invited'`,
  );
}

/** Report dates on a case that has no sheet yet (a later report may correct them). */
export async function setReportedDates(
  db: Db,
  caseId: string,
  dates: { dueDate: IsoDate | null; birthDate: IsoDate | null; multipleBirth: boolean },
): Promise<void> {
  await db.query(sql`
    update childcare_case set due_date = ${dates.dueDate}, birth_date = ${dates.birthDate}, multiple_birth = ${dates.multipleBirth},
           status = case when status = 'invited' then 'started' else status end, updated_at = now()
     where id = ${caseId} and current_version = 0`);
}

export async function latestSheet(db: Db, caseId: string): Promise<SheetVersionRow | undefined> {
  return maybeOne<SheetVersionRow>(
    db,
    sql`
    select case_id, version, answers, submitted_by, submitted_at::text as submitted_at
      from childcare_sheet_version where case_id = ${caseId} order by version desc limit 1`,
  );
}

export async function sheetVersions(db: Db, caseId: string): Promise<SheetVersionRow[]> {
  return db.query<SheetVersionRow>(sql`
    select case_id, version, answers, submitted_by, submitted_at::text as submitted_at
      from childcare_sheet_version where case_id = ${caseId} order by version`);
}

/**
 * Saves the sheet as the next version. `expectedVersion` is the version the card was drawn from:
 * a card older than the latest save is refused (conflict) instead of silently overwriting an edit.
 */
export async function saveSheetVersion(
  db: Db,
  input: {
    caseId: string;
    expectedVersion: number;
    answers: Record<string, unknown>;
    by: string;
    dueDate: IsoDate | null;
    birthDate: IsoDate | null;
    multipleBirth: boolean;
  },
): Promise<number> {
  const next = input.expectedVersion + 1;
  const updated = await db.query<{ id: string }>(sql`
    update childcare_case
       set current_version = ${next}, status = 'submitted', due_date = ${input.dueDate}, birth_date = ${input.birthDate},
           multiple_birth = ${input.multipleBirth}, updated_at = now()
     where id = ${input.caseId} and current_version = ${input.expectedVersion} and status <> 'closed'
     returning id`);
  if (updated.length === 0) throw new AppError('conflict', 'the sheet was changed since this card was shown');
  await db.query(sql`
    insert into childcare_sheet_version (case_id, version, answers, submitted_by)
    values (${input.caseId}, ${next}, ${JSON.stringify(input.answers)}, ${input.by})`);
  return next;
}

/** Sets consent; records an event only when it changes. Returns whether it changed. */
export async function setConsent(db: Db, caseId: string, granted: boolean, by: string): Promise<boolean> {
  const changed = await db.query<{ id: string }>(sql`
    update childcare_case set consent = ${granted}, updated_at = now()
     where id = ${caseId} and consent <> ${granted} returning id`);
  if (changed.length === 0) return false;
  await db.query(
    sql`insert into childcare_consent_event (case_id, granted, by_id) values (${caseId}, ${granted}, ${by})`,
  );
  return true;
}

export async function consentHistory(
  db: Db,
  caseId: string,
): Promise<{ granted: boolean; by_id: string; at: string }[]> {
  return db.query(
    sql`select granted, by_id, at::text as at from childcare_consent_event where case_id = ${caseId} order by id`,
  );
}

// ---- the manager's card ----

export async function findShare(
  db: Db,
  caseId: string,
  managerId: string,
): Promise<ManagerShareRow | undefined> {
  return maybeOne<ManagerShareRow>(
    db,
    sql`select * from childcare_manager_share where case_id = ${caseId} and manager_id = ${managerId}`,
  );
}

export async function sharesOf(db: Db, caseId: string): Promise<ManagerShareRow[]> {
  return db.query<ManagerShareRow>(sql`select * from childcare_manager_share where case_id = ${caseId}`);
}

export async function recordShare(
  db: Db,
  share: {
    caseId: string;
    managerId: string;
    conversationId: string | null;
    activityId: string | null;
    version: number;
  },
): Promise<void> {
  await db.query(sql`
    insert into childcare_manager_share (case_id, manager_id, conversation_id, activity_id, shared_version, shared_at, withdrawn_at)
    values (${share.caseId}, ${share.managerId}, ${share.conversationId}, ${share.activityId}, ${share.version}, now(), null)
    on conflict (case_id, manager_id) do update
      set conversation_id = coalesce(excluded.conversation_id, childcare_manager_share.conversation_id),
          activity_id = coalesce(excluded.activity_id, childcare_manager_share.activity_id),
          shared_version = excluded.shared_version, shared_at = now(), withdrawn_at = null`);
}

export async function markShareWithdrawn(db: Db, caseId: string, managerId: string): Promise<void> {
  await db.query(
    sql`update childcare_manager_share set withdrawn_at = now() where case_id = ${caseId} and manager_id = ${managerId}`,
  );
}

/** The manager's "coverage arranged"; once per sheet version. Returns false if already recorded. */
export async function acknowledgeCoverage(
  db: Db,
  caseId: string,
  managerId: string,
  version: number,
): Promise<boolean> {
  const rows = await db.query(sql`
    insert into childcare_coverage_ack (case_id, manager_id, sheet_version) values (${caseId}, ${managerId}, ${version})
    on conflict do nothing returning case_id`);
  return rows.length > 0;
}

export async function coverageAcknowledged(db: Db, caseId: string, version: number): Promise<boolean> {
  const rows = await db.query(
    sql`select 1 from childcare_coverage_ack where case_id = ${caseId} and sheet_version = ${version}`,
  );
  return rows.length > 0;
}

/** Cases whose reminders the daily job looks at. */
export async function submittedCases(db: Db): Promise<ChildcareCaseRow[]> {
  return db.query<ChildcareCaseRow>(
    sql`select ${caseColumns} from childcare_case c where c.status = 'submitted' order by c.id`,
  );
}

// ---- ワークライフバランスシート ----

export async function saveWlbSheet(
  db: Db,
  input: { employeeId: string; caseId: string | null; answers: Record<string, unknown> },
): Promise<number> {
  const row = await one<{ version: number }>(
    db,
    sql`
    insert into childcare_wlb_sheet (employee_id, version, case_id, answers)
    select ${input.employeeId}, coalesce(max(version), 0) + 1, ${input.caseId}, ${JSON.stringify(input.answers)}
      from childcare_wlb_sheet where employee_id = ${input.employeeId}
    returning version`,
  );
  return row.version;
}

export async function latestWlbSheet(
  db: Db,
  employeeId: string,
): Promise<{ version: number; answers: Record<string, unknown> } | undefined> {
  return maybeOne(
    db,
    sql`
    select version, answers from childcare_wlb_sheet where employee_id = ${employeeId} order by version desc limit 1`,
  );
}

/** The latest work-life balance sheet of everyone who wrote one (HR reads them for interviews). */
export async function latestWlbSheets(db: Db): Promise<
  {
    employee_id: string;
    employee_no: string;
    employee_name: string;
    section_name: string;
    bureau_name: string;
    version: number;
    answers: Record<string, unknown>;
    submitted_at: string;
  }[]
> {
  return db.query(sql`
    select distinct on (w.employee_id) w.employee_id, e.employee_no, e.family_name || ' ' || e.given_name as employee_name,
           s.name as section_name, b.name as bureau_name, w.version, w.answers, w.submitted_at::text as submitted_at
      from childcare_wlb_sheet w
      join employee e on e.id = w.employee_id
      join section s on s.id = e.section_id
      join bureau b on b.id = s.bureau_id
     order by w.employee_id, w.version desc`);
}

// ---- lists for the tab ----

const listSelect = fragment`
  select ${caseColumns}, e.employee_no, e.family_name || ' ' || e.given_name as employee_name, s.name as section_name,
         b.id as bureau_id, b.name as bureau_name, v.answers
    from childcare_case c
    join employee e on e.id = c.employee_id
    join section s on s.id = e.section_id
    join bureau b on b.id = s.bureau_id
    left join childcare_sheet_version v on v.case_id = c.id and v.version = c.current_version`;

/**
 * Filed cases of the given bureaus, nearest due date first. Filed = the person saved the sheet, or a
 * pregnancy/birth report was recorded: typing 育児 (or being invited) files nothing, so the WLB
 * officer never sees a "started" case nobody filed (issue 14, eligibility).
 */
export async function casesInBureaus(db: Db, bureauIds: string[]): Promise<CaseListRow[]> {
  if (bureauIds.length === 0) return [];
  return db.query<CaseListRow>(sql`${listSelect} where b.id = any(${bureauIds}::uuid[]) and c.status <> 'closed'
     and (c.current_version > 0 or c.source = 'report')
    order by coalesce(c.birth_date, c.due_date) nulls last, e.employee_no`);
}

/** Every case with a birth date (take-up statistics), with its bureau. */
/**
 * The bureau a case's figures (take-up, follow-sheet completion) count it under: where the
 * attendance figures counted the parent in the month of the birth (or the last month before it;
 * today's bureau when none is imported or the birth is not known). Never today's bureau alone: a
 * published transfer then moved one birth (and its take-up, its follow sheet) from one bureau's
 * figures to another's and named the parent (test/privacy/time-differencing.test.ts).
 * Expects the case as `c`.
 */
export const bureauAtBirth = fragment`coalesce(
  (select bs.bureau_id from overtime_month bo join section bs on bs.id = bo.section_id
    where bo.employee_id = c.employee_id and bo.month <= c.birth_date order by bo.month desc limit 1),
  (select ns.bureau_id from employee ne join section ns on ns.id = ne.section_id where ne.id = c.employee_id))`;

/** Born children of open cases for the take-up figures, each under bureauAtBirth. */
export async function bornCases(db: Db): Promise<CaseListRow[]> {
  const [rows, atBirth] = await Promise.all([
    db.query<CaseListRow>(
      sql`${listSelect} where c.birth_date is not null and c.status <> 'closed' order by c.id`,
    ),
    db.query<{ id: string; bureau_id: string }>(sql`
      select c.id::text as id, ${bureauAtBirth}::text as bureau_id
        from childcare_case c
       where c.birth_date is not null and c.status <> 'closed'`),
  ]);
  const bureauAt = new Map(atBirth.map((r) => [r.id, r.bureau_id]));
  return rows.map((r) => ({ ...r, bureau_id: bureauAt.get(String(r.id)) ?? r.bureau_id }));
}

export async function bureauNames(db: Db): Promise<{ id: string; name: string; code: string }[]> {
  return db.query(sql`select id, name, code from bureau order by sort_order, code`);
}

/** Submitted plans whose employee consented to share them with this (direct) manager. */
export async function casesSharedWith(db: Db, managerId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(sql`
    select c.id from childcare_case c join employee e on e.id = c.employee_id
     where e.manager_id = ${managerId} and c.consent and c.status = 'submitted' order by c.id`);
  return rows.map((r) => r.id);
}
