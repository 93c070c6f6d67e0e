import { type AuditEntry, writeAudit, writeAuditMany } from '../audit/audit.repository.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { closureVersion, managedSections, versionedSubtreeSections } from '../org/org-closure.repository.ts';
import { AppError } from '../shared/errors.ts';
import { hasRole, type Viewer } from './viewer.ts';

/**
 * What a viewer may see (SPEC §2), decided once per request from the viewer's roles and the org
 * tree — never from request parameters. Every capability's routes ask these functions, so the
 * rules live in one place:
 *
 * - individuals: only the viewer themself and the people in their own management subtree;
 * - aggregates of a bureau: hr/admin (all bureaus) and the executives / WLB officers assigned to it;
 * - aggregates of a section: as its bureau, plus the managers of anyone in it;
 * - a group of fewer than minGroupSize people: suppressed unless the viewer manages all of it.
 *
 * A refusal is the same 403 whether or not the target exists, so probing reveals nothing.
 */
/**
 * What a viewer may see of groups: enough for every aggregate page and for the disclosure decision,
 * read from per-(manager, section) counts (org_closure_section, migration 0027) — never the ids of
 * the viewer's people, which a bureau head has 40,000 of. Pages that name people use AccessScope.
 */
export interface GroupScope {
  viewer: Viewer;
  /** hr/admin: aggregates of every bureau. */
  orgWide: boolean;
  /** Bureaus the viewer acts for as executive or WLB officer. */
  bureauIds: ReadonlySet<string>;
  /** How many people are below the viewer in the org tree (not the viewer). */
  subtreeSize: number;
  /** Sections with at least one person of the subtree. */
  managedSectionIds: ReadonlySet<string>;
  /**
   * Per section and per bureau: how many of its people are the viewer or in the viewer's subtree
   * (to tell whether the viewer manages all of a group, without sending the subtree to the database).
   */
  managedCount: { section: ReadonlyMap<string, number>; bureau: ReadonlyMap<string, number> };
  /** Active head counts of the sections and bureaus in managedCount (only when the viewer has a subtree). */
  headcount: { section: ReadonlyMap<string, number>; bureau: ReadonlyMap<string, number> };
}

/** A GroupScope with the viewer's people one by one: for checks and lists of individuals. */
export interface AccessScope extends GroupScope {
  /** Everyone below the viewer in the org tree (not the viewer). */
  subtree: ReadonlySet<string>;
  /** Each person of the subtree with their section. */
  subtreeSection: ReadonlyMap<string, string>;
}

const groupScopes = new WeakMap<Viewer, Promise<GroupScope>>();
const scopes = new WeakMap<Viewer, Promise<AccessScope>>();

/** The viewer's group scope (computed once per viewer object, i.e. once per request). */
export function groupScope(db: Db, viewer: Viewer): Promise<GroupScope> {
  let scope = groupScopes.get(viewer);
  if (!scope) {
    scope = buildGroupScope(db, viewer);
    groupScopes.set(viewer, scope);
  }
  return scope;
}

/** The viewer's scope with their people's ids (computed once per viewer object). */
export function accessScope(db: Db, viewer: Viewer): Promise<AccessScope> {
  let scope = scopes.get(viewer);
  if (!scope) {
    scope = buildScope(db, viewer);
    scopes.set(viewer, scope);
  }
  return scope;
}

interface CachedSubtree {
  version: string;
  ids: Map<string, string>;
  idSet: ReadonlySet<string>;
}

/**
 * Subtrees per manager, each for the closure version it was read at (org_closure_change, migration
 * 0023: it changes with every committed org change, on any instance, and never repeats). Each request
 * reads the version (one small query) and reuses the subtree only if it is unchanged, so an org
 * change applies to the next request as before; a bureau head's 40,000 ids are not re-read per page.
 * Bounded by the number of ids held.
 */
const subtreeCache = new Map<string, CachedSubtree>();
const MAX_CACHED_IDS = 400_000;
let cachedIds = 0;

/** Forgets every kept subtree (a cold start, for the benchmark's "first request"). */
export function forgetSubtrees(): void {
  subtreeCache.clear();
  cachedIds = 0;
}

/**
 * The manager's subtree from the org closure (migration 0014, kept by triggers in the transaction of
 * every org change): no walk, and no stale copy (re-read whenever the closure changed), so an org
 * change on any instance applies to the next request.
 */
async function subtreeOf(db: Db, managerId: string): Promise<CachedSubtree> {
  const hit = subtreeCache.get(managerId);
  if (hit && hit.version === (await closureVersion(db))) return hit;
  const { version, ids } = await versionedSubtreeSections(db, managerId);
  const entry: CachedSubtree = { version, ids, idSet: new Set(ids.keys()) };
  if (hit) cachedIds -= hit.ids.size;
  subtreeCache.delete(managerId);
  if (cachedIds + ids.size > MAX_CACHED_IDS) {
    subtreeCache.clear();
    cachedIds = 0;
  }
  subtreeCache.set(managerId, entry);
  cachedIds += ids.size;
  return entry;
}

async function buildGroupScope(db: Db, viewer: Viewer): Promise<GroupScope> {
  const me = viewer.employee;
  // Per section: the manager's people there now, its bureau and its head count (one indexed read).
  const rows = viewer.roles.includes('manager') ? await managedSections(db, me.id, me.bureau.id) : [];
  const section = new Map<string, number>();
  const bureau = new Map<string, number>();
  const headcount = { section: new Map<string, number>(), bureau: new Map<string, number>() };
  let subtreeSize = 0;
  for (const r of rows) {
    subtreeSize += r.managed;
    if (r.managed > 0) {
      section.set(r.sectionId, r.managed);
      bureau.set(r.bureauId, (bureau.get(r.bureauId) ?? 0) + r.managed);
    }
  }
  if (subtreeSize > 0)
    for (const r of rows) {
      headcount.section.set(r.sectionId, r.headcount);
      headcount.bureau.set(r.bureauId, (headcount.bureau.get(r.bureauId) ?? 0) + r.headcount);
    }
  // Sections with someone of the subtree (the viewer's own only if a subordinate sits there too).
  const managedSectionIds = new Set(section.keys());
  // The viewer counts as one of "their" people in their own section and bureau.
  section.set(me.section.id, (section.get(me.section.id) ?? 0) + 1);
  bureau.set(me.bureau.id, (bureau.get(me.bureau.id) ?? 0) + 1);
  return {
    viewer,
    orgWide: hasRole(viewer, 'hr', 'admin'),
    bureauIds: new Set(viewer.bureauScopes.map((s) => s.bureauId)),
    subtreeSize,
    managedSectionIds,
    managedCount: { section, bureau },
    headcount,
  };
}

async function buildScope(db: Db, viewer: Viewer): Promise<AccessScope> {
  const [groups, tree] = await Promise.all([
    groupScope(db, viewer),
    viewer.roles.includes('manager') ? subtreeOf(db, viewer.employee.id) : null,
  ]);
  return { ...groups, subtree: tree?.idSet ?? new Set(), subtreeSection: tree?.ids ?? new Map() };
}

/** Which role a bureau-scoped check asks for: childcare details go to WLB officers, not executives. */
export type BureauRole = 'executive' | 'wlb_officer' | 'any';

const forbidden = () => new AppError('forbidden', 'You do not have access to this.');

export function canSeeBureau(scope: GroupScope, bureauId: string): boolean {
  return scope.orgWide || scope.bureauIds.has(bureauId);
}

export function canSeeSection(scope: GroupScope, section: { id: string; bureauId: string }): boolean {
  return canSeeBureau(scope, section.bureauId) || scope.managedSectionIds.has(section.id);
}

/** The viewer themself or someone in their subtree. hr/admin get no blanket access to individuals. */
export function canSeePerson(scope: AccessScope, employeeId: string): boolean {
  return employeeId === scope.viewer.employee.id || scope.subtree.has(employeeId);
}

/** Whether the viewer manages every member of a group (they may then see it below the floor). */
export function managesWholeGroup(scope: AccessScope, memberIds: Iterable<string>): boolean {
  let any = false;
  for (const id of memberIds) {
    any = true;
    if (id !== scope.viewer.employee.id && !scope.subtree.has(id)) return false;
  }
  return any;
}

/** Throws 403 unless the viewer may see the bureau's aggregates. Unknown ids get the same 403. */
export async function requireBureau(
  db: Db,
  scope: GroupScope,
  bureauId: string,
): Promise<{ id: string; name: string; kind: string }> {
  if (!canSeeBureau(scope, bureauId)) throw forbidden();
  const [row] = await db.query<{ id: string; name: string; kind: string }>(
    sql`select id, name, kind from bureau where id::text = ${bureauId}`,
  );
  if (!row) throw forbidden();
  return row;
}

/** Throws 403 unless the viewer may see the section's aggregates. */
export async function requireSection(
  db: Db,
  scope: GroupScope,
  sectionId: string,
): Promise<{ id: string; name: string; bureauId: string; bureauName: string }> {
  const [row] = await db.query<{ id: string; name: string; bureau_id: string; bureau_name: string }>(sql`
    select s.id, s.name, s.bureau_id, b.name as bureau_name
      from section s join bureau b on b.id = s.bureau_id where s.id::text = ${sectionId}`);
  if (!row || !canSeeSection(scope, { id: row.id, bureauId: row.bureau_id })) throw forbidden();
  return { id: row.id, name: row.name, bureauId: row.bureau_id, bureauName: row.bureau_name };
}

/** Throws 403 unless the person is the viewer or in the viewer's subtree. */
export function requirePerson(scope: AccessScope, employeeId: string): void {
  if (!canSeePerson(scope, employeeId)) throw forbidden();
}

/** Throws 403 unless the viewer has one of the roles. */
export function requireRole(viewer: Viewer, ...roles: Parameters<typeof hasRole>[1][]): void {
  if (!hasRole(viewer, ...roles)) throw forbidden();
}

/** Who is reading a childcare plan, as far as the rule below lets them. */
export type ChildcarePlanReader = 'self' | 'wlb_officer' | 'manager';

/**
 * Childcare plans (spouse's due date and situation) are visible to the employee, the WLB officer of
 * the employee's bureau, and — only after the employee consented on the card — their manager: the
 * one the card asked about (the direct manager), not everyone above them in the chain.
 */
export function childcarePlanReader(
  scope: { viewer: Viewer },
  owner: { employeeId: string; bureauId: string; managerId?: string | null },
  sharedWithManager: boolean,
): ChildcarePlanReader | undefined {
  const me = scope.viewer.employee.id;
  if (owner.employeeId === me) return 'self';
  if (scope.viewer.bureauScopes.some((s) => s.role === 'wlb_officer' && s.bureauId === owner.bureauId))
    return 'wlb_officer';
  if (sharedWithManager && owner.managerId === me) return 'manager';
  return undefined;
}

export function canSeeChildcarePlan(
  scope: { viewer: Viewer },
  owner: { employeeId: string; bureauId: string; managerId?: string | null },
  sharedWithManager: boolean,
): boolean {
  return childcarePlanReader(scope, owner, sharedWithManager) !== undefined;
}

/**
 * Audit of a third-party read of personal data (SPEC §2). Reads of one's own data are not logged;
 * a read of several people is one entry listing their ids (never their details).
 */
export interface PersonalRead {
  action: string;
  subjectIds: string[];
  targetType?: string;
  targetId?: string;
  detail?: Record<string, unknown>;
}

export function auditPersonalRead(db: Db, viewer: Viewer, read: PersonalRead): Promise<void> {
  return auditPersonalReadBy(db, viewer.employee.id, read);
}

/** The audit entry of a read by this reader; none when it read only their own data. */
function readEntry(readerId: string, read: PersonalRead): AuditEntry | undefined {
  const others = read.subjectIds.filter((id) => id !== readerId);
  if (others.length === 0) return undefined;
  return {
    actorId: readerId,
    action: read.action,
    targetType: read.targetType ?? 'employee',
    targetId: read.targetId ?? (others.length === 1 ? others[0] : undefined),
    detail: { ...read.detail, subjects: others.length, subjectIds: others.slice(0, 500) },
  };
}

/** The same for a reader known only by id (the bot, whose turns have no tab viewer). */
export async function auditPersonalReadBy(db: Db, readerId: string, read: PersonalRead): Promise<void> {
  const entry = readEntry(readerId, read);
  if (entry) await writeAudit(db, entry);
}

/** Several reads shown together (a bot turn's cards): one entry each, one statement, one commit. */
export async function auditPersonalReadsBy(db: Db, readerId: string, reads: PersonalRead[]): Promise<void> {
  const entries = reads.flatMap((read) => readEntry(readerId, read) ?? []);
  if (entries.length > 0) await writeAuditMany(db, entries);
}

/** Audit of an export (every export is logged, whatever it holds). */
export async function auditExport(
  db: Db,
  viewer: Viewer,
  exp: { action: string; targetType: string; targetId?: string; detail?: Record<string, unknown> },
): Promise<void> {
  await writeAudit(db, {
    actorId: viewer.employee.id,
    action: exp.action,
    targetType: exp.targetType,
    targetId: exp.targetId,
    detail: exp.detail,
  });
}
