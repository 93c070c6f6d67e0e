import type { DepartmentMapping, GraphSyncRun } from '../../contracts/tab-api/identity.contract.ts';
import type { Db } from '../db/db.ts';
import { maybeOne } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { DEFAULT_MINISTRY_ID } from '../org/org-import.repository.ts';
import type { GraphUserChange, KnownEmployee, StoredGraphUser, SyncPlan } from './graph-sync.rules.ts';
import { normaliseDepartment } from './graph-sync.rules.ts';

export const USERS_STREAM = 'users';

export async function loadDeltaLink(db: Db, stream = USERS_STREAM): Promise<string | undefined> {
  const row = await maybeOne<{ delta_link: string | null }>(
    db,
    sql`select delta_link from graph_sync_state where stream = ${stream}`,
  );
  return row?.delta_link ?? undefined;
}

export async function saveDeltaLink(tx: Db, deltaLink: string, stream = USERS_STREAM): Promise<void> {
  await tx.query(sql`
    insert into graph_sync_state (stream, delta_link) values (${stream}, ${deltaLink})
    on conflict (stream) do update set delta_link = excluded.delta_link, updated_at = now()`);
}

/** The register rows and stored Graph records a set of changes can touch (by oid, UPN, employee number, manager). */
export async function loadSnapshot(
  db: Db,
  changes: GraphUserChange[],
): Promise<{ employees: KnownEmployee[]; previous: StoredGraphUser[] }> {
  const oids = changes.map((c) => c.oid);
  const previous = await db.query<StoredGraphUser>(sql`
    select entra_oid::text as oid, department, job_title as "jobTitle", manager_oid::text as "managerOid",
           account_enabled as "accountEnabled", removed
      from graph_user where entra_oid = any(${oids}::uuid[]) or manager_oid = any(${oids}::uuid[])`);
  const related = [
    ...new Set([
      ...oids,
      ...changes.flatMap((c) => (c.managerOid ? [c.managerOid] : [])),
      ...previous.flatMap((p) => [p.oid, ...(p.managerOid ? [p.managerOid] : [])]),
    ]),
  ];
  const employees = await db.query<KnownEmployee>(sql`
    select e.id, e.employee_no as "employeeNo", e.entra_oid::text as "entraOid", e.upn, e.section_id as "sectionId",
           e.active, m.employee_no as "managerNo"
      from employee e left join employee m on m.id = e.manager_id
     where e.entra_oid = any(${related}::uuid[])
        or lower(e.upn) = any(${changes.flatMap((c) => (c.upn ? [c.upn.toLowerCase()] : []))}::text[])
        or e.employee_no = any(${changes.flatMap((c) => (c.employeeId ? [c.employeeId.trim()] : []))}::text[])`);
  return { employees, previous };
}

/** Department → section: the mapping table first, then a section with exactly that name. */
export async function loadSectionResolver(db: Db): Promise<(department: string) => string | undefined> {
  const mappings = await db.query<{ department: string; section_id: string }>(
    sql`select department, section_id from department_mapping`,
  );
  const sections = await db.query<{ id: string; name: string }>(sql`select id, name from section`);
  const explicit = new Map(mappings.map((m) => [m.department, m.section_id]));
  const byName = new Map<string, string | null>();
  for (const s of sections) {
    const key = normaliseDepartment(s.name);
    byName.set(key, byName.has(key) ? null : s.id); // a name two sections share is ambiguous
  }
  return (department) => explicit.get(department) ?? byName.get(department) ?? undefined;
}

/** Writes a plan. Must run inside the caller's transaction (all or nothing). */
export async function applyPlan(tx: Db, plan: SyncPlan): Promise<void> {
  if (plan.added.length > 0) {
    await tx.query(
      sql`insert into ministry (id, name) values (${DEFAULT_MINISTRY_ID}, '省') on conflict (id) do nothing`,
    );
    const a = plan.added;
    await tx.query(sql`
      insert into employee (employee_no, family_name, given_name, upn, entra_oid, section_id, active)
      select t.no, t.fam, t.giv, t.upn, t.oid::uuid, t.section::uuid, t.active
        from unnest(${a.map((x) => x.employeeNo)}::text[], ${a.map((x) => x.familyName)}::text[], ${a.map((x) => x.givenName)}::text[],
                    ${a.map((x) => x.upn)}::text[], ${a.map((x) => x.oid)}::text[], ${a.map((x) => x.sectionId)}::text[],
                    ${a.map((x) => x.active)}::boolean[]) as t(no, fam, giv, upn, oid, section, active)`);
  }
  const u = plan.updated.filter((x) => Object.keys(x.set).length > 0);
  // UPNs can move from one person to another in one run; unique checks are per row, so let go first.
  const moving = plan.updated.filter((x) => x.set.upn).map((x) => x.employeeId);
  if (moving.length > 0)
    await tx.query(sql`update employee set upn = null where id = any(${moving}::uuid[])`);
  if (u.length > 0) {
    await tx.query(sql`
      update employee e set entra_oid = coalesce(t.oid::uuid, e.entra_oid), upn = coalesce(t.upn, e.upn),
                            active = coalesce(t.active, e.active), updated_at = now()
        from unnest(${u.map((x) => x.employeeId)}::uuid[], ${u.map((x) => x.set.entraOid ?? null)}::text[],
                    ${u.map((x) => x.set.upn ?? null)}::text[], ${u.map((x) => x.set.active ?? null)}::boolean[]) as t(id, oid, upn, active)
       where e.id = t.id`);
  }
  const g = plan.graphUsers;
  if (g.length > 0) {
    await tx.query(sql`
      insert into graph_user (entra_oid, employee_id, department, job_title, manager_oid, account_enabled, removed, seen_at)
      select t.oid::uuid, e.id, t.dept, t.title, t.manager::uuid, t.enabled, t.removed, now()
        from unnest(${g.map((x) => x.oid)}::text[], ${g.map((x) => x.employeeNo)}::text[], ${g.map((x) => x.department)}::text[],
                    ${g.map((x) => x.jobTitle)}::text[], ${g.map((x) => x.managerOid)}::text[], ${g.map((x) => x.accountEnabled)}::boolean[],
                    ${g.map((x) => x.removed)}::boolean[]) as t(oid, no, dept, title, manager, enabled, removed)
        left join employee e on e.employee_no = t.no
      on conflict (entra_oid) do update set employee_id = excluded.employee_id, department = excluded.department,
        job_title = excluded.job_title, manager_oid = excluded.manager_oid, account_enabled = excluded.account_enabled,
        removed = excluded.removed, seen_at = excluded.seen_at`);
  }
  const m = plan.managers;
  if (m.length > 0) {
    await tx.query(sql`
      update employee e set manager_id = mgr.id, updated_at = now()
        from unnest(${m.map((x) => x.employeeNo)}::text[], ${m.map((x) => x.managerOid)}::text[]) as t(no, manager_oid)
        join employee mgr on mgr.entra_oid = t.manager_oid::uuid
       where e.employee_no = t.no and e.manager_id is distinct from mgr.id and e.id <> mgr.id`);
  }
}

export async function recordRun(
  db: Db,
  run: {
    mode: 'dry_run' | 'apply';
    status: 'done' | 'failed';
    report?: unknown;
    error?: string;
    startedAt: Date;
  },
): Promise<number> {
  const [row] = await db.query<{ id: number }>(sql`
    insert into graph_sync_run (started_at, finished_at, mode, status, report, error)
    values (${run.startedAt}, now(), ${run.mode}, ${run.status}, ${run.report === undefined ? null : JSON.stringify(run.report)}, ${run.error ?? null})
    returning id`);
  return Number(row!.id);
}

export async function latestRuns(db: Db, limit = 10): Promise<GraphSyncRun[]> {
  return db.query<GraphSyncRun>(
    sql`select id, started_at, finished_at, mode, status, report, error from graph_sync_run order by id desc limit ${limit}`,
  );
}

export type { DepartmentMapping };

export async function listDepartmentMappings(db: Db): Promise<DepartmentMapping[]> {
  return db.query<DepartmentMapping>(sql`
    select m.department, s.code as "sectionCode", s.name as "sectionName"
      from department_mapping m join section s on s.id = m.section_id order by m.department`);
}

/** Replaces the whole table (all or nothing); returns section codes that do not exist. */
export async function replaceDepartmentMappings(
  tx: Db,
  rows: { department: string; sectionCode: string }[],
  actorId: string | null,
): Promise<string[]> {
  const codes = [...new Set(rows.map((r) => r.sectionCode))];
  const known = new Set(
    (await tx.query<{ code: string }>(sql`select code from section where code = any(${codes}::text[])`)).map(
      (r) => r.code,
    ),
  );
  const missing = codes.filter((c) => !known.has(c));
  if (missing.length > 0) return missing;
  await tx.query(sql`delete from department_mapping`);
  if (rows.length > 0)
    await tx.query(sql`
      insert into department_mapping (department, section_id, updated_by)
      select t.dept, s.id, ${actorId}::uuid
        from unnest(${rows.map((r) => normaliseDepartment(r.department))}::text[], ${rows.map((r) => r.sectionCode)}::text[]) as t(dept, code)
        join section s on s.code = t.code`);
  return [];
}
