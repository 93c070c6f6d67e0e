/**
 * Sign-in headers. Inside Teams: the Teams SSO token (validated by the server). Outside Teams, only
 * when the server runs with AUTH_MODE=dev: the chosen development persona, which a server in
 * 'teams' mode ignores.
 */
import { ApiError, type AuthHeaders } from './api.ts';
import type { TeamsSdk } from './teams-context.ts';

/** Teams caches and renews the token itself, so asking for it on every call is cheap. */
export const teamsSsoHeaders =
  (teams: TeamsSdk): AuthHeaders =>
  async () => {
    let token: string;
    try {
      token = await teams.authentication.getAuthToken();
    } catch (err) {
      // e.g. 'resourceRequiresConsent' or 'CancelledByUser': shown to the person like any sign-in failure.
      const detail = err instanceof Error ? err.message : String(err);
      throw new ApiError({ title: 'Teams SSO failed', status: 401, code: 'sso_failed', detail });
    }
    return { Authorization: `Bearer ${token}` };
  };

export const devPersonaHeaders =
  (employeeNo: string): AuthHeaders =>
  async () => ({ 'X-Dev-Persona': employeeNo });

const PERSONA_KEY = 'kinmu.devPersona';
// Fallback when storage is blocked: the choice then lasts until the page reloads.
let inMemory: string | null = null;

/** The chosen persona lives in sessionStorage: per browser tab, gone when the tab closes. */
export const devPersonaStore = {
  get(): string | null {
    try {
      return sessionStorage.getItem(PERSONA_KEY) ?? inMemory;
    } catch {
      return inMemory;
    }
  },
  set(employeeNo: string): void {
    inMemory = employeeNo;
    try {
      sessionStorage.setItem(PERSONA_KEY, employeeNo);
    } catch {
      // kept in memory only
    }
  },
  clear(): void {
    inMemory = null;
    try {
      sessionStorage.removeItem(PERSONA_KEY);
    } catch {
      // nothing was stored
    }
  },
};
