import { normaliseDepartment } from '../../contracts/tab-api/identity.contract.ts';
/**
 * What an org sync from Microsoft Graph changes, as a pure function of what Graph said and what the
 * register holds. The conflict rule with the CSV import (docs/deploy.md, "Org data"):
 *
 * - the CSV (HR's register) owns employee number, names, kana, section, managerial post, gender,
 *   language and roles; the sync never overwrites them;
 * - Graph owns the Entra object id, the UPN, the manager (when Graph names one who is in the
 *   register) and the account state (disabled or deleted in Entra → inactive here);
 * - Graph creates a person only when the Entra user carries the employee number (`employeeId`) and
 *   a department that maps to a section; the CSV later updates that same row by employee number.
 * A department that moved in Entra but not in the CSV is reported (sectionDiffers), not applied.
 */

export interface GraphUserChange {
  oid: string;
  /** @removed in a delta page: deleted (or soft-deleted) in Entra. */
  removed?: boolean;
  /** Absent = unchanged in this delta; null = cleared in Entra. */
  upn?: string | null;
  givenName?: string | null;
  surname?: string | null;
  displayName?: string | null;
  department?: string | null;
  jobTitle?: string | null;
  employeeId?: string | null;
  accountEnabled?: boolean;
  /** Absent = unchanged; null = Graph says no manager. */
  managerOid?: string | null;
}

export interface KnownEmployee {
  id: string;
  employeeNo: string;
  entraOid: string | null;
  upn: string | null;
  sectionId: string;
  active: boolean;
  /** Employee number of the current manager in the register. */
  managerNo: string | null;
}

/** What the previous runs stored about a Graph user (graph_user). */
export interface StoredGraphUser {
  oid: string;
  department: string | null;
  jobTitle: string | null;
  managerOid: string | null;
  accountEnabled: boolean;
  removed: boolean;
}

export interface SyncInput {
  changes: GraphUserChange[];
  previous: StoredGraphUser[];
  employees: KnownEmployee[];
  /** Section id for a department string, or undefined when unmapped. */
  sectionFor: (department: string) => string | undefined;
}

export interface NewEmployee {
  oid: string;
  employeeNo: string;
  familyName: string;
  givenName: string;
  upn: string | null;
  sectionId: string;
  active: boolean;
}

export interface EmployeeUpdate {
  employeeId: string;
  employeeNo: string;
  set: { entraOid?: string; upn?: string; active?: boolean };
  fields: ('entra_oid' | 'upn' | 'active' | 'manager')[];
}

export interface SyncPlan {
  added: NewEmployee[];
  updated: EmployeeUpdate[];
  /** Employee number → the manager's Entra object id to link (applied once added rows exist). */
  managers: { employeeNo: string; managerOid: string }[];
  graphUsers: (StoredGraphUser & { employeeNo: string | null })[];
  unmappedDepartments: { department: string; users: number }[];
  /** Enabled Entra users with no register entry and no employee number (service accounts, guests). */
  notInRegister: number;
  conflicts: { employeeNo: string; reason: string }[];
  sectionDiffers: string[];
}

const EMPLOYEE_NO = /^[\w-]{1,32}$/;

export { normaliseDepartment };

/** Delta pages may return a user more than once: later properties win, absent ones stay. */
export function mergeChanges(changes: GraphUserChange[]): GraphUserChange[] {
  const byOid = new Map<string, GraphUserChange>();
  for (const change of changes) {
    const key = change.oid.toLowerCase();
    const before = byOid.get(key);
    const defined = Object.fromEntries(
      Object.entries(change).filter(([, v]) => v !== undefined),
    ) as GraphUserChange;
    byOid.set(key, before ? { ...before, ...defined, oid: key } : { ...defined, oid: key });
  }
  return [...byOid.values()];
}

function splitName(u: GraphUserChange, fallback: string): { familyName: string; givenName: string } {
  if (u.surname) return { familyName: u.surname, givenName: u.givenName ?? '' };
  const display = u.displayName?.trim();
  if (display) {
    const [family = display, ...rest] = display.split(/\s+/);
    return { familyName: family, givenName: rest.join(' ') };
  }
  return { familyName: fallback, givenName: '' };
}

/**
 * UPNs move between people in Entra (a rename frees one that someone else then gets). A UPN is given
 * only once its holder has let go of it in this run; what is still taken at the end (a swap, or a
 * UPN held by someone Graph did not change) is a conflict for HR, and the UPN stays as it is.
 */
function assignUpns(
  wanted: { holderKey: string; oldUpn: string | null; upn: string; employeeNo: string; assign: () => void }[],
  byUpn: Map<string, KnownEmployee>,
  plan: SyncPlan,
): void {
  const holder = new Map([...byUpn].map(([upn, e]) => [upn, e.id]));
  let pending = wanted;
  for (let progress = true; progress && pending.length > 0; ) {
    progress = false;
    const next: typeof pending = [];
    for (const w of pending) {
      const key = w.upn.toLowerCase();
      const current = holder.get(key);
      if (current !== undefined && current !== w.holderKey) {
        next.push(w);
        continue;
      }
      if (w.oldUpn && holder.get(w.oldUpn.toLowerCase()) === w.holderKey)
        holder.delete(w.oldUpn.toLowerCase());
      holder.set(key, w.holderKey);
      w.assign();
      progress = true;
    }
    pending = next;
  }
  for (const w of pending)
    plan.conflicts.push({ employeeNo: w.employeeNo, reason: 'UPN already belongs to another employee' });
}

export function planSync(input: SyncInput): SyncPlan {
  const plan: SyncPlan = {
    added: [],
    updated: [],
    managers: [],
    graphUsers: [],
    unmappedDepartments: [],
    notInRegister: 0,
    conflicts: [],
    sectionDiffers: [],
  };
  const unmapped = new Map<string, number>();
  const byOid = new Map<string, KnownEmployee>();
  const byUpn = new Map<string, KnownEmployee>();
  const byNo = new Map<string, KnownEmployee>();
  for (const e of input.employees) {
    if (e.entraOid) byOid.set(e.entraOid.toLowerCase(), e);
    if (e.upn) byUpn.set(e.upn.toLowerCase(), e);
    byNo.set(e.employeeNo, e);
  }
  const previous = new Map(input.previous.map((p) => [p.oid.toLowerCase(), p]));
  const changes = mergeChanges(input.changes);
  const changed = new Set(changes.map((c) => c.oid));
  /** Employee number of every Entra user that is (or will be) in the register after this run. */
  const registerNoOf = new Map<string, string>();
  for (const e of input.employees) if (e.entraOid) registerNoOf.set(e.entraOid.toLowerCase(), e.employeeNo);
  const managerOidOf = new Map<string, string | null>();
  const wantedUpns: {
    holderKey: string;
    oldUpn: string | null;
    upn: string;
    employeeNo: string;
    assign: () => void;
  }[] = [];
  const linkedThisRun = new Set<string>();

  const sectionOf = (department: string | null | undefined) => {
    const key = department ? normaliseDepartment(department) : '';
    const section = key ? input.sectionFor(key) : undefined;
    if (!section) unmapped.set(key || '(empty)', (unmapped.get(key || '(empty)') ?? 0) + 1);
    return section;
  };

  for (const u of changes) {
    const before = previous.get(u.oid);
    const state: StoredGraphUser = {
      oid: u.oid,
      department: u.department !== undefined ? u.department : (before?.department ?? null),
      jobTitle: u.jobTitle !== undefined ? u.jobTitle : (before?.jobTitle ?? null),
      managerOid:
        u.managerOid !== undefined ? (u.managerOid?.toLowerCase() ?? null) : (before?.managerOid ?? null),
      accountEnabled: u.accountEnabled ?? before?.accountEnabled ?? true,
      removed: u.removed ?? false,
    };
    const active = state.accountEnabled && !state.removed;

    // An unlinked register entry can be claimed once per run, by UPN or employee number.
    const claimable = (e: KnownEmployee | undefined) => e && !e.entraOid && !linkedThisRun.has(e.id);
    let match = byOid.get(u.oid);
    if (!match && u.upn) {
      const candidate = byUpn.get(u.upn.toLowerCase());
      if (claimable(candidate)) match = candidate;
    }
    if (!match && u.employeeId) {
      const candidate = byNo.get(u.employeeId);
      if (claimable(candidate)) match = candidate;
      else if (candidate)
        plan.conflicts.push({
          employeeNo: candidate.employeeNo,
          reason: 'employeeId already linked to another Entra account',
        });
    }

    if (match) {
      registerNoOf.set(u.oid, match.employeeNo);
      linkedThisRun.add(match.id);
      const update: EmployeeUpdate = {
        employeeId: match.id,
        employeeNo: match.employeeNo,
        set: {},
        fields: [],
      };
      if (match.entraOid?.toLowerCase() !== u.oid) {
        update.set.entraOid = u.oid;
        update.fields.push('entra_oid');
      }
      if (u.upn && u.upn.toLowerCase() !== match.upn?.toLowerCase())
        wantedUpns.push({
          holderKey: match.id,
          oldUpn: match.upn,
          upn: u.upn,
          employeeNo: match.employeeNo,
          assign: () => {
            update.set.upn = u.upn!;
            update.fields.push('upn');
          },
        });
      if ((u.accountEnabled !== undefined || u.removed) && active !== match.active) {
        update.set.active = active;
        update.fields.push('active');
      }
      if (u.department !== undefined && !state.removed) {
        const section = sectionOf(u.department);
        if (section && section !== match.sectionId) plan.sectionDiffers.push(match.employeeNo);
      }
      plan.updated.push(update);
      plan.graphUsers.push({ ...state, employeeNo: match.employeeNo });
      continue;
    }

    if (!active) {
      plan.graphUsers.push({ ...state, employeeNo: null });
      continue;
    }
    const employeeNo = u.employeeId?.trim();
    if (!employeeNo || !EMPLOYEE_NO.test(employeeNo) || byNo.has(employeeNo)) {
      if (!employeeNo || !EMPLOYEE_NO.test(employeeNo)) plan.notInRegister++;
      plan.graphUsers.push({ ...state, employeeNo: null });
      continue;
    }
    const section = sectionOf(state.department);
    if (!section) {
      plan.graphUsers.push({ ...state, employeeNo: null });
      continue;
    }
    const added: NewEmployee = {
      oid: u.oid,
      employeeNo,
      ...splitName(u, employeeNo),
      upn: null,
      sectionId: section,
      active: true,
    };
    plan.added.push(added);
    if (u.upn)
      wantedUpns.push({
        holderKey: `new:${employeeNo}`,
        oldUpn: null,
        upn: u.upn,
        employeeNo,
        assign: () => {
          added.upn = u.upn!;
        },
      });
    byNo.set(employeeNo, {
      id: '',
      employeeNo,
      entraOid: u.oid,
      upn: null,
      sectionId: section,
      active: true,
      managerNo: null,
    });
    registerNoOf.set(u.oid, employeeNo);
    plan.graphUsers.push({ ...state, employeeNo });
  }

  assignUpns(wantedUpns, byUpn, plan);
  plan.updated = plan.updated.filter((u) => u.fields.length > 0);

  // Managers: for everyone whose Graph record changed, and for people whose manager just became
  // known (their manager was added or linked in this run).
  for (const g of plan.graphUsers) managerOidOf.set(g.oid, g.managerOid);
  for (const p of input.previous)
    if (!changed.has(p.oid.toLowerCase())) managerOidOf.set(p.oid.toLowerCase(), p.managerOid);
  const updateOf = new Map(plan.updated.map((u) => [u.employeeNo, u]));
  const registered = new Map(input.employees.map((e) => [e.employeeNo, e]));
  const currentManagerOf = new Map(input.employees.map((e) => [e.employeeNo, e.managerNo]));
  for (const [oid, managerOid] of managerOidOf) {
    const employeeNo = registerNoOf.get(oid);
    if (!employeeNo || !managerOid || !registerNoOf.has(managerOid) || managerOid === oid) continue;
    if (currentManagerOf.get(employeeNo) === registerNoOf.get(managerOid)) continue;
    plan.managers.push({ employeeNo, managerOid });
    const update = updateOf.get(employeeNo);
    const existing = registered.get(employeeNo);
    if (update) update.fields.push('manager');
    else if (existing)
      plan.updated.push({ employeeId: existing.id, employeeNo, set: {}, fields: ['manager'] });
  }

  plan.unmappedDepartments = [...unmapped]
    .map(([department, users]) => ({ department, users }))
    .sort((a, b) => b.users - a.users);
  return plan;
}
