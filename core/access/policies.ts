import type { Db } from '../db/db.ts';
import { AppError } from '../shared/errors.ts';
import { type GroupScope, groupScope, requireRole } from './scope.ts';
import { hasRole, type Viewer } from './viewer.ts';

/**
 * Who may call a route, as the tab's route declarations name it (`{ authorize: adminOnly }`): the
 * rules the routes used to write inline, here beside scope.ts so every access rule is in one folder.
 * Each throws AppError 'forbidden' (audited by the tab router); the message is developer text.
 */

export const adminOnly = (viewer: Viewer): void => requireRole(viewer, 'admin');
export const hrOrAdmin = (viewer: Viewer): void => requireRole(viewer, 'hr', 'admin');

/** Bureaus this viewer acts for as WLB officer (childcare plans, leave campaigns of the bureau). */
export const wlbBureaus = (viewer: Viewer): string[] =>
  viewer.bureauScopes.filter((s) => s.role === 'wlb_officer').map((s) => s.bureauId);

/** Role assignment: nobody changes their own roles (another administrator must). */
export function requireNotSelf(viewer: Viewer, target: { employeeNo?: string; employeeId?: string }): void {
  if (target.employeeNo === viewer.employee.employeeNo || target.employeeId === viewer.employee.id)
    throw new AppError('forbidden', 'You cannot change your own roles; ask another administrator.');
}

/**
 * Settings that only the administrator changes: the second approver is a check on HR's own
 * announcements, so HR may not switch it off; how long personal data is kept is a data-protection
 * decision.
 */
export function requireSettingWriter(viewer: Viewer, key: string): void {
  requireRole(viewer, 'hr', 'admin');
  if (key === 'announcements' && !hasRole(viewer, 'admin'))
    throw new AppError('forbidden', 'Only an administrator can change the announcement settings.');
  if (key === 'retention' && !hasRole(viewer, 'admin'))
    throw new AppError('forbidden', 'Only an administrator can change the retention settings.');
}

/** The childcare plans of a bureau, one by one: its WLB officer (SPEC §2). */
export function requireWlbOfficer(viewer: Viewer): void {
  if (wlbBureaus(viewer).length === 0)
    throw new AppError('forbidden', 'Only a bureau WLB officer sees the childcare plans of the bureau.');
}

/** ワークライフバランスシート: shared with HR (seed 000). */
export function requireWlbSheetReader(viewer: Viewer): void {
  if (!hasRole(viewer, 'hr'))
    throw new AppError('forbidden', 'Work-life balance sheets are shared with HR only.');
}

/** Who may invite someone to a childcare plan or record a birth report: HR, or a bureau WLB officer… */
export function requireChildcareRecorder(viewer: Viewer): void {
  if (!hasRole(viewer, 'hr', 'wlb_officer'))
    throw new AppError('forbidden', 'Only HR or a bureau WLB officer can do this.');
}

/** …HR for anyone, a WLB officer for the people of their bureau. */
export function requireChildcareRecorderOf(viewer: Viewer, employeeBureauId: string): void {
  if (!hasRole(viewer, 'hr') && !wlbBureaus(viewer).includes(employeeBureauId))
    throw new AppError('forbidden', 'This person is not in your bureau.');
}

/** The fathers' managers' follow sheets, per bureau: HR and admin every bureau, WLB officers theirs. */
export function requireFollowReader(viewer: Viewer): void {
  if (!hasRole(viewer, 'hr', 'admin') && wlbBureaus(viewer).length === 0)
    throw new AppError('forbidden', 'Follow-sheet completion is for HR and WLB officers.');
}

/** Take-up figures: HR (every bureau), executives and WLB officers (theirs). */
export function requireTakeUpReader(scope: GroupScope): void {
  if (!scope.orgWide && scope.bureauIds.size === 0)
    throw new AppError('forbidden', 'Take-up figures are for HR, executives and WLB officers.');
}

/** Who opens a leave-plan campaign: HR, an administrator, or a bureau WLB officer (for the bureau). */
export function requireLeaveCampaignManager(viewer: Viewer): void {
  if (!hasRole(viewer, 'hr', 'admin', 'wlb_officer'))
    throw new AppError(
      'forbidden',
      '休暇計画表を作成できるのは人事課または局WLB担当です / Only HR or a bureau WLB officer can open a leave-plan campaign',
    );
}

/** お知らせ: HR composes, previews, counts and sends (the second approver is another HR member). */
export function requireAnnouncementComposer(viewer: Viewer): void {
  if (!hasRole(viewer, 'hr'))
    throw new AppError('forbidden', 'Only HR (role hr) can compose and send announcements.');
}

/** A rule of the viewer's group scope as a route's `authorize`: reads the scope (scope.ts) first. */
export const byScope =
  (db: Db, rule: (scope: GroupScope) => void) =>
  async (viewer: Viewer): Promise<void> =>
    rule(await groupScope(db, viewer));

/** Section and bureau counts (dashboard, wellbeing signals): managers, executives, WLB officers, hr, admin. */
export function requireAggregateViewer(scope: GroupScope): void {
  if (!scope.orgWide && scope.bureauIds.size === 0 && scope.managedSectionIds.size === 0)
    throw new AppError('forbidden', 'You do not have access to this.');
}
