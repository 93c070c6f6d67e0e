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

export interface MyLeavePlan {
  campaignId: string;
  title: string;
  kind: string;
  periodStart: string;
  periodEnd: string;
  deadline: string;
  submitted: boolean;
  days: number;
  updatedAt: string | null;
}

export interface MyChildcare {
  status: string;
  dueDate: string | null;
  birthDate: string | null;
  sharedWithManager: boolean;
  version: number;
}

/** The 自分 page in one answer (core/dashboard/me.service.ts): a part is null when its capability's tables are missing. */
export interface MySummary {
  today: string;
  overtime: {
    month: string;
    hours: number;
    inOfficeHours: number;
    projectedHours: number;
    basis: 'pace' | 'final' | 'too_early';
    workingDaysElapsed: number;
    workingDaysInMonth: number;
    /** The month levels in hours (settings): 45 / 80 / 100. */
    levels: { warn: number; high: number; doctor: number };
    alertLevels: string[];
  } | null;
  last12: { month: string; hours: number | null }[];
  annualLeave: {
    year: number;
    usedDays: number;
    goalDays: number;
    paceDays: number;
    /** Never below 0; overdrawnDays says by how much the attendance data exceed the entitlement. */
    remainingDays: number;
    overdrawnDays: number;
    carriedOverDays: number;
    plannedDays: number;
  } | null;
  leavePlans: MyLeavePlan[] | null;
  childcare: MyChildcare | null;
  /** Cards waiting for the person: 100 h follow-ups (as manager), plans to submit, a childcare sheet to fill in. */
  pending: { alertFollowUps: number; plansToSubmit: number; childcareSheet: boolean };
  /** Which parts could be read (false: that capability's tables are missing). */
  available: { overtime: boolean; leave: boolean; childcare: boolean };
}

/** No sign-in: how the tab should sign in. */
export const getSession = route<TabSession>()({ method: 'GET', path: '/session' });
/** No sign-in, AUTH_MODE=dev only (otherwise 404): the persona picker. */
export const getDevPersonas = route<{ personas: DevPersona[] }>()({ method: 'GET', path: '/dev/personas' });
export const getMe = route<Me>()({ method: 'GET', path: '/me' });
/** The person's own figures (自分). */
export const getMySummary = route<MySummary>()({ method: 'GET', path: '/me/summary' });
