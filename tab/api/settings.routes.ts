import { z } from 'zod';
import { setEntraBinding } from '../../core/access/identity-binding.repository.ts';
import { parseInput } from '../../core/access/request-input.ts';
import { grantRole, listRoleAssignments, revokeRole } from '../../core/access/role-assignment.repository.ts';
import { requireRole } from '../../core/access/scope.ts';
import { hasRole, type Viewer } from '../../core/access/viewer.ts';
import { announcementDefaults } from '../../core/announcements/announcement.settings.ts';
import type { Config } from '../../core/config/config.ts';
import type { Db } from '../../core/db/db.ts';
import { listBureaus } from '../../core/org/org.repository.ts';
import { isSettingKey, SETTING_KEYS, type SettingKey } from '../../core/settings/settings.registry.ts';
import {
  readSetting,
  settingsMeta,
  storedSetting,
  writeSetting,
} from '../../core/settings/settings.repository.ts';
import { AppError } from '../../core/shared/errors.ts';
import type { TabRouter } from './tab-router.ts';

const grantSchema = z.object({
  employeeNo: z.string().trim().min(1, 'required').max(40),
  role: z.enum(['hr', 'wlb_officer', 'executive', 'admin']),
  bureauId: z.uuid().nullable().optional(),
});
const bindingSchema = z.object({
  entraOid: z.uuid().nullable(),
  reason: z.string().trim().min(4, 'say why (e.g. the ticket number)').max(500),
});
const revokeSchema = z.object({
  employeeId: z.uuid(),
  role: z.enum(['hr', 'wlb_officer', 'executive', 'admin']),
  bureauId: z.uuid().nullable().optional(),
});

/**
 * 設定 (hr/admin): thresholds (overtime, childcare), quiet hours, the group-size floor,
 * announcement delivery (second approver, rates) and role assignments. Every change is validated (zod) and written to the audit log with its old value.
 */
/** The lowest group-size floor a production deployment accepts (SPEC §2). */
export const PRODUCTION_MIN_FLOOR = 5;

export function registerSettingsRoutes(router: TabRouter, config: Config, db: Db): void {
  router.get('/settings', async (viewer) => {
    requireRole(viewer, 'hr', 'admin');
    const settings: Record<
      string,
      { value: unknown; changed: boolean; updatedAt: string | null; updatedBy: string | null }
    > = {};
    const meta = await settingsMeta(db);
    for (const key of SETTING_KEYS) {
      const value = await readSetting(db, key);
      const m = meta.find((r) => r.key === key);
      // The floor defaults to the deployment's MIN_GROUP_SIZE until someone sets it here.
      // Announcements store only what was changed; the form shows the values in force.
      const shown =
        key === 'privacy' && !m
          ? { minGroupSize: config.privacy.minGroupSize }
          : key === 'announcements'
            ? { ...announcementDefaults(config.delivery.ratePerSecond), ...value }
            : value;
      settings[key] = {
        value: shown,
        changed: Boolean(m),
        updatedAt: m?.updatedAt ?? null,
        updatedBy: m?.updatedBy ?? null,
      };
    }
    const bureaus = await listBureaus(db);
    return { settings, bureaus, canManageAdmins: hasRole(viewer, 'admin') };
  });

  router.put('/settings/:key', async (viewer, req) => {
    requireRole(viewer, 'hr', 'admin');
    const key = String(req.params?.key ?? '');
    if (!isSettingKey(key)) throw new AppError('not_found', `No setting "${key}".`);
    // The second approver is a check on HR's own announcements, so HR may not switch it off.
    if (key === 'announcements' && !hasRole(viewer, 'admin'))
      throw new AppError('forbidden', 'Only an administrator can change the announcement settings.');
    // How long personal data is kept is a data-protection decision: the administrator's.
    if (key === 'retention' && !hasRole(viewer, 'admin'))
      throw new AppError('forbidden', 'Only an administrator can change the retention settings.');
    const body = parseInput(z.object({ value: z.record(z.string(), z.unknown()) }), req.body, 'body');
    // A floor under 5 identifies people (SPEC §2): production refuses it here as it refuses
    // MIN_GROUP_SIZE < 5 at start; development and tests may lower it to show suppression.
    const floor = key === 'privacy' ? body.value.minGroupSize : undefined;
    if (config.env === 'production' && typeof floor === 'number' && floor < PRODUCTION_MIN_FLOOR)
      throw new AppError('bad_request', 'Invalid body.', [
        {
          where: 'privacy.minGroupSize',
          message: `集計を表示する最小人数は本番環境では${PRODUCTION_MIN_FLOOR}人以上にしてください`,
        },
      ]);
    const saved = await writeSetting(db, key as SettingKey, body.value, viewer.employee.id);
    return { key, value: saved, stored: await storedSetting(db, key as SettingKey) };
  });

  // Role assignment is the administrator's, one path (docs/deploy.md): HR may not grant or
  // revoke anything, and nobody changes their own roles. Refusals are 403s, audited by the router.
  const adminOnly = { authorize: (viewer: Viewer) => requireRole(viewer, 'admin') };
  const notSelf = (viewer: Viewer, target: { employeeNo?: string; employeeId?: string }) => {
    if (target.employeeNo === viewer.employee.employeeNo || target.employeeId === viewer.employee.id)
      throw new AppError('forbidden', 'You cannot change your own roles; ask another administrator.');
  };

  router.get('/settings/roles', async () => ({ assignments: await listRoleAssignments(db) }), adminOnly);

  router.post(
    '/settings/roles',
    async (viewer, req) => {
      const input = parseInput(grantSchema, req.body, 'body');
      notSelf(viewer, { employeeNo: input.employeeNo });
      const result = await grantRole(db, { ...input, bureauId: input.bureauId ?? null }, viewer.employee.id);
      return { ...result, assignments: await listRoleAssignments(db) };
    },
    adminOnly,
  );

  router.post(
    '/settings/roles/revoke',
    async (viewer, req) => {
      const input = parseInput(revokeSchema, req.body, 'body');
      notSelf(viewer, { employeeId: input.employeeId });
      const result = await revokeRole(db, { ...input, bureauId: input.bureauId ?? null }, viewer.employee.id);
      return { ...result, assignments: await listRoleAssignments(db) };
    },
    adminOnly,
  );

  // Who can sign in as a record: the administrator's alone (the org import cannot replace it).
  router.put(
    '/admin/employees/:employeeNo/entra-binding',
    async (viewer, req) => {
      const input = parseInput(bindingSchema, req.body, 'body');
      const employeeNo = String(req.params?.employeeNo ?? '');
      return setEntraBinding(db, { employeeNo, ...input }, viewer.employee.id);
    },
    adminOnly,
  );
}
