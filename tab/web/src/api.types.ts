/**
 * Shapes of the /api/tab answers the shell uses, as agreed with tab/api. Kept by hand until the
 * server's route schemas can be shared; a mismatch shows up in test/browser/tab.test.ts.
 */
import type { Locale } from './i18n/ja.ts';

export type AuthMode = 'teams' | 'dev';

/** GET /api/tab/session (no auth). */
export interface TabSession {
  authMode: AuthMode;
  defaultLocale: Locale;
}

/** GET /api/tab/dev/personas (AUTH_MODE=dev only). */
export interface DevPersona {
  employeeNo: string;
  name: string;
  kana: string;
  sectionName: string;
  bureauName: string;
  roles: string[];
  isManager: boolean;
  description: string;
}

export type BureauKind = 'headquarters' | 'external_agency' | 'regional_branch';

/** GET /api/tab/me. */
export interface Me {
  employee: {
    id: string;
    employeeNo: string;
    name: string;
    kana: string;
    upn: string;
    locale: Locale;
    isManagerial: boolean;
    section: { id: string; name: string };
    bureau: { id: string; name: string; kind: BureauKind };
    manager: { name: string } | null;
  };
  roles: string[];
  isManager: boolean;
}
