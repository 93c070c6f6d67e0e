import { z } from 'zod';
import { route } from './route-contract.ts';

/** 設定 (hr/admin) and role assignment (admin) (tab/api/settings.routes.ts). */

const assignableRole = z.enum(['hr', 'wlb_officer', 'executive', 'admin']);
export type AssignableRole = z.output<typeof assignableRole>;

export interface SettingState {
  /** The values in force (stored changes over the defaults). */
  value: unknown;
  /** Someone changed it (it is no longer the default). */
  changed: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface SettingsView {
  settings: Record<string, SettingState>;
  bureaus: { id: string; code: string; name: string }[];
  canManageAdmins: boolean;
}

export interface RoleAssignment {
  employeeId: string;
  employeeNo: string;
  name: string;
  sectionName: string;
  role: AssignableRole;
  bureauId: string | null;
  bureauName: string | null;
}

export const getSettings = route<SettingsView>()({ method: 'GET', path: '/settings' });

export const putSetting = route<{ key: string; value: unknown; stored: Record<string, unknown> }>()({
  method: 'PUT',
  path: '/settings/:key',
  params: z.object({ key: z.string() }),
  // Each setting's own schema is applied by core/settings (it names the setting in each field's path).
  body: z.object({ value: z.record(z.string(), z.unknown()) }),
});

export const getRoleAssignments = route<{ assignments: RoleAssignment[] }>()({
  method: 'GET',
  path: '/settings/roles',
});

export const grantRole = route<{ created: boolean; assignments: RoleAssignment[] }>()({
  method: 'POST',
  path: '/settings/roles',
  body: z.object({
    employeeNo: z.string().trim().min(1, 'required').max(40),
    role: assignableRole,
    bureauId: z.uuid().nullable().optional(),
  }),
});

export const revokeRole = route<{ removed: boolean; assignments: RoleAssignment[] }>()({
  method: 'POST',
  path: '/settings/roles/revoke',
  body: z.object({ employeeId: z.uuid(), role: assignableRole, bureauId: z.uuid().nullable().optional() }),
});

/** Who can sign in as a record: the administrator's alone (the org import cannot replace it). */
export const putEntraBinding = route<{ changed: boolean }>()({
  method: 'PUT',
  path: '/admin/employees/:employeeNo/entra-binding',
  params: z.object({ employeeNo: z.string() }),
  body: z.object({
    entraOid: z.uuid().nullable(),
    reason: z.string().trim().min(4, 'say why (e.g. the ticket number)').max(500),
  }),
});
