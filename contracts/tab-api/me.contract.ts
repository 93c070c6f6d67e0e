import { route } from './route-contract.ts';

/** The tab's session and the signed-in person (tab/api/me.routes.ts). */

export type Locale = 'ja' | 'en';
export type AuthMode = 'teams' | 'dev';
export type BureauKind = 'headquarters' | 'external_agency' | 'regional_branch';

export interface TabSession {
  authMode: AuthMode;
  defaultLocale: Locale;
}

export interface DevPersona {
  employeeNo: string;
  name: string;
  /** null when the org file has no reading. */
  kana: string | null;
  sectionName: string;
  bureauName: string;
  roles: string[];
  isManager: boolean;
  description: string;
}

export interface Me {
  employee: {
    id: string;
    employeeNo: string;
    name: string;
    kana: string | null;
    /** null until the person's Entra account is known. */
    upn: string | null;
    locale: Locale;
    isManagerial: boolean;
    section: { id: string; name: string };
    bureau: { id: string; name: string; kind: BureauKind };
    manager: { name: string } | null;
  };
  roles: string[];
  isManager: boolean;
}

/** No sign-in: how the tab should sign in. */
export const getSession = route<TabSession>()({ method: 'GET', path: '/session' });
/** No sign-in, AUTH_MODE=dev only (otherwise 404): the persona picker. */
export const getDevPersonas = route<{ personas: DevPersona[] }>()({ method: 'GET', path: '/dev/personas' });
export const getMe = route<Me>()({ method: 'GET', path: '/me' });
