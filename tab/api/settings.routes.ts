import {
  getRoleAssignments,
  getSettings,
  grantRole,
  putEntraBinding,
  putSetting,
  revokeRole,
} from '../../contracts/tab-api/settings.contract.ts';
import { setEntraBinding } from '../../core/access/identity-binding.repository.ts';
import { adminOnly, hrOrAdmin, requireNotSelf, requireSettingWriter } from '../../core/access/policies.ts';
import * as roles from '../../core/access/role-assignment.repository.ts';
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

/**
 * 設定 (hr/admin): thresholds (overtime, childcare), quiet hours, the group-size floor,
 * announcement delivery (second approver, rates) and role assignments. Every change is validated (zod) and written to the audit log with its old value.
 */
/** The lowest group-size floor a production deployment accepts (SPEC §2). */
export const PRODUCTION_MIN_FLOOR = 5;

export function registerSettingsRoutes(router: TabRouter, config: Config, db: Db): void {
  router.route(
    getSettings,
    async (viewer) => {
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
      return { settings, bureaus: await listBureaus(db), canManageAdmins: hasRole(viewer, 'admin') };
    },
    { authorize: hrOrAdmin },
  );

  router.route(
    putSetting,
    async (viewer, { params, body }) => {
      const key = params.key;
      if (!isSettingKey(key)) throw new AppError('not_found', `No setting "${key}".`);
      requireSettingWriter(viewer, key);
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
    },
    { authorize: hrOrAdmin },
  );

  // Role assignment is the administrator's, one path (docs/deploy.md): HR may not grant or
  // revoke anything, and nobody changes their own roles. Refusals are 403s, audited by the router.
  router.route(getRoleAssignments, async () => ({ assignments: await roles.listRoleAssignments(db) }), {
    authorize: adminOnly,
  });

  /** Grant and revoke alike: never on one's own roles, and the answer carries the list as it now is. */
  async function changeRole<
    I extends { employeeNo?: string; employeeId?: string; bureauId?: string | null },
    R,
  >(
    viewer: Viewer,
    body: I,
    change: (db: Db, input: I & { bureauId: string | null }, actorId: string) => Promise<R>,
  ) {
    requireNotSelf(viewer, body);
    const result = await change(db, { ...body, bureauId: body.bureauId ?? null }, viewer.employee.id);
    return { ...result, assignments: await roles.listRoleAssignments(db) };
  }

  router.route(grantRole, (viewer, { body }) => changeRole(viewer, body, roles.grantRole), {
    authorize: adminOnly,
  });
  router.route(revokeRole, (viewer, { body }) => changeRole(viewer, body, roles.revokeRole), {
    authorize: adminOnly,
  });

  router.route(
    putEntraBinding,
    async (viewer, { params, body }) =>
      setEntraBinding(db, { employeeNo: params.employeeNo, ...body }, viewer.employee.id),
    { authorize: adminOnly },
  );
}
