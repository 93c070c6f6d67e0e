import type { Db } from '../db/db.ts';
import { hasDirectReports, roleAssignments } from '../org/org.repository.ts';
import type { AssignableRole, EmployeeProfile, Role } from '../org/org.table.ts';

/**
 * The person behind a request, with what they may see. Built from the verified token (or the dev
 * persona) and the org tree, never from request parameters.
 */
export interface Viewer {
  employee: EmployeeProfile;
  roles: Role[];
  /** Bureaus an executive or WLB officer acts for. */
  bureauScopes: { role: 'executive' | 'wlb_officer'; bureauId: string }[];
}

const ASSIGNABLE = new Set<AssignableRole>(['hr', 'wlb_officer', 'executive', 'admin']);

/** tokenRoles: the Entra app roles of the `roles` claim (they add to the roles granted in the app). */
export async function buildViewer(
  db: Db,
  employee: EmployeeProfile,
  tokenRoles: string[] = [],
): Promise<Viewer> {
  const [assigned, manages] = await Promise.all([
    roleAssignments(db, employee.id),
    hasDirectReports(db, employee.id),
  ]);
  const roles = new Set<Role>(['employee']);
  if (manages) roles.add('manager');
  for (const a of assigned) roles.add(a.role);
  for (const r of tokenRoles) if (ASSIGNABLE.has(r as AssignableRole)) roles.add(r as AssignableRole);
  const bureauScopes = assigned
    .filter(
      (a): a is { role: 'executive' | 'wlb_officer'; bureauId: string } =>
        (a.role === 'executive' || a.role === 'wlb_officer') && a.bureauId !== null,
    )
    .map((a) => ({ role: a.role, bureauId: a.bureauId }));
  // A token role without an in-app assignment acts for the person's own bureau.
  for (const role of ['executive', 'wlb_officer'] as const)
    if (roles.has(role) && !bureauScopes.some((s) => s.role === role))
      bureauScopes.push({ role, bureauId: employee.bureau.id });
  return { employee, roles: [...roles], bureauScopes };
}

export const hasRole = (viewer: Viewer, ...roles: Role[]) => roles.some((r) => viewer.roles.includes(r));
