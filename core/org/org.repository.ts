import type { Db } from '../db/db.ts';
import { maybeOne } from '../db/db.ts';
import { prepared, sql } from '../db/sql.ts';
import type { AssignableRole, EmployeeProfile, Locale } from './org.table.ts';
import { type PersonRead, shiftedColumns } from './person-read.ts';

const profileSelect = sql`
  select e.id, e.employee_no, e.entra_oid, e.upn, e.locale, e.is_managerial, e.gender,
         e.family_name || ' ' || e.given_name as name,
         nullif(trim(coalesce(e.family_name_kana, '') || ' ' || coalesce(e.given_name_kana, '')), '') as kana,
         s.id as section_id, s.name as section_name, s.heteronomous,
         b.id as bureau_id, b.name as bureau_name, b.kind as bureau_kind,
         m.id as manager_id, m.family_name || ' ' || m.given_name as manager_name
    from employee e
    join section s on s.id = e.section_id
    join bureau b on b.id = s.bureau_id
    left join employee m on m.id = e.manager_id`;

interface ProfileRecord {
  id: string;
  employee_no: string;
  entra_oid: string | null;
  upn: string | null;
  locale: Locale;
  is_managerial: boolean;
  gender: EmployeeProfile['gender'];
  name: string;
  kana: string | null;
  section_id: string;
  section_name: string;
  heteronomous: boolean;
  bureau_id: string;
  bureau_name: string;
  bureau_kind: EmployeeProfile['bureau']['kind'];
  manager_id: string | null;
  manager_name: string | null;
}

function toProfile(r: ProfileRecord): EmployeeProfile {
  return {
    id: r.id,
    employeeNo: r.employee_no,
    entraOid: r.entra_oid,
    upn: r.upn,
    name: r.name,
    kana: r.kana,
    locale: r.locale,
    isManagerial: r.is_managerial,
    gender: r.gender,
    section: { id: r.section_id, name: r.section_name, heteronomous: r.heteronomous },
    bureau: { id: r.bureau_id, name: r.bureau_name, kind: r.bureau_kind },
    manager: r.manager_id ? { id: r.manager_id, name: r.manager_name ?? '' } : null,
  };
}

async function findProfile(db: Db, where: ReturnType<typeof sql>): Promise<EmployeeProfile | undefined> {
  const row = await maybeOne<ProfileRecord>(db, {
    text: `${profileSelect.text} where ${where.text} and e.active`,
    values: where.values,
  });
  return row ? toProfile(row) : undefined;
}

export const findEmployeeById = (db: Db, id: string) => findProfile(db, sql`e.id = ${id}`);

/** Where the bot last reached a person in 1:1 (what saveConversationRef compares against). */
export interface StoredConversationKey {
  conversationId: string;
  serviceUrl: string;
  locale: string | null;
}

// One text per read (a prepared statement's name stands for one text): built once, not per turn.
const TURN_IDENTITY_TEXTS = new Map<string, { columns: string; text: string }>();
function turnIdentityText(also?: PersonRead<unknown>): string {
  const key = also?.name ?? '';
  const columns = also?.columns ?? '';
  let built = TURN_IDENTITY_TEXTS.get(key);
  if (built === undefined) {
    built = {
      columns,
      text: `select me.*, cr.conversation_id as stored_conversation_id, cr.service_url as stored_service_url,
                  cr.locale as stored_locale${also ? `, ${shiftedColumns(also, 1)}` : ''}
             from (select $1::text as oid) v
             left join lateral (${profileSelect.text} where e.entra_oid = v.oid::uuid and e.active) me on true
             left join conversation_ref cr on cr.aad_object_id = v.oid`,
    };
    TURN_IDENTITY_TEXTS.set(key, built);
  }
  if (built.columns !== columns) throw new Error(`the read ${key} has two texts under one name`);
  return built.text;
}

/**
 * Who is talking and where the bot last reached them, in one round trip: every bot turn needs
 * both before it does anything else. A command's own read (`also`) comes in the same statement.
 */
export async function findTurnIdentity<T = undefined>(
  db: Db,
  oid: string,
  also?: PersonRead<T>,
): Promise<{ employee?: EmployeeProfile; stored: StoredConversationKey | null; read?: T }> {
  const row = await maybeOne<
    Partial<ProfileRecord> & {
      stored_conversation_id: string | null;
      stored_service_url: string | null;
      stored_locale: string | null;
    }
  >(
    db,
    prepared(also ? `turn-identity+${also.name}` : 'turn-identity', {
      text: turnIdentityText(also),
      values: also ? [oid, ...also.values] : [oid],
    }),
  );
  const employee = row?.id ? toProfile(row as ProfileRecord) : undefined;
  return {
    employee,
    stored:
      row?.stored_conversation_id && row.stored_service_url
        ? {
            conversationId: row.stored_conversation_id,
            serviceUrl: row.stored_service_url,
            locale: row.stored_locale,
          }
        : null,
    // Only for a registered person: nothing of anyone else's is read on their behalf.
    read: employee && also && row ? also.read(row as Record<string, unknown>) : undefined,
  };
}
export const findEmployeeByNo = (db: Db, employeeNo: string) =>
  findProfile(db, sql`e.employee_no = ${employeeNo}`);
export const findEmployeeByOid = (db: Db, oid: string) => findProfile(db, sql`e.entra_oid = ${oid}`);

/** Roles granted in the app, with their bureau scope. */
export async function roleAssignments(
  db: Db,
  employeeId: string,
): Promise<{ role: AssignableRole; bureauId: string | null }[]> {
  const rows = await db.query<{ role: AssignableRole; bureau_id: string | null }>(
    sql`select role, bureau_id from role_assignment where employee_id = ${employeeId} order by role`,
  );
  return rows.map((r) => ({ role: r.role, bureauId: r.bureau_id }));
}

/**
 * Whether an active employee has this manager. From the org closure (migration 0014): a row below the
 * manager exists exactly when an active person's chain reaches them, i.e. when an active person
 * reports to them directly. Two index entries at most, where `employee where manager_id = …` was a
 * scan of the table for a section chief (the planner expects many reports and the reports sit late
 * in the table). The closure stops a chain that comes back to its start, so someone recorded as their
 * own manager is asked for separately.
 */
export async function hasDirectReports(db: Db, employeeId: string): Promise<boolean> {
  const rows = await db.query(sql`
    (select 1 from org_closure where ancestor = ${employeeId}::uuid and depth > 0
      -- In the key's order: the planner then walks the index (EXISTS would drop the order and scan).
      order by ancestor, descendant limit 1)
    union all
    select 1 from employee where id = ${employeeId}::uuid and manager_id = id and active`);
  return rows.length > 0;
}

/** Everyone below a manager, at any depth (not the manager): the org closure (migration 0014). */
export async function subtreeIds(db: Db, managerId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(sql`
    select descendant::text as id from org_closure where ancestor = ${managerId} and depth > 0`);
  return rows.map((r) => r.id);
}

export async function setEmployeeLocale(db: Db, employeeId: string, locale: Locale): Promise<void> {
  await db.query(sql`update employee set locale = ${locale}, updated_at = now() where id = ${employeeId}`);
}

export async function countEmployees(db: Db): Promise<number> {
  const [row] = await db.query<{ n: number }>(sql`select count(*)::int as n from employee where active`);
  return row?.n ?? 0;
}

/** Every bureau, in the ministry's order (forms that pick one). */
export async function listBureaus(db: Db): Promise<{ id: string; code: string; name: string }[]> {
  return db.query(sql`select id, code, name from bureau order by sort_order, code`);
}
