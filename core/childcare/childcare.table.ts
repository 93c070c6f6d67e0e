import type { IsoDate } from '../shared/calendar.ts';

/** Rows of 0004_childcare.sql as the repository returns them. */

export type CaseStatus = 'invited' | 'started' | 'submitted' | 'closed';
export type CaseSource = 'self' | 'invite' | 'report';

export interface ChildcareCaseRow {
  id: string;
  employee_id: string;
  status: CaseStatus;
  source: CaseSource;
  invited_by: string | null;
  reported_on: IsoDate;
  due_date: IsoDate | null;
  birth_date: IsoDate | null;
  multiple_birth: boolean;
  current_version: number;
  consent: boolean;
}

export interface SheetVersionRow {
  case_id: string;
  version: number;
  /** The parsed plan fields (childcarePlanInputSchema output). Spouse details included: never log. */
  answers: Record<string, unknown>;
  submitted_by: string;
  submitted_at: string;
}

export interface ManagerShareRow {
  case_id: string;
  manager_id: string;
  conversation_id: string | null;
  activity_id: string | null;
  shared_version: number | null;
  shared_at: string | null;
  withdrawn_at: string | null;
}

/** A case in a WLB officer's list: who, where, and the case's state (no spouse details). */
export interface CaseListRow extends ChildcareCaseRow {
  employee_no: string;
  employee_name: string;
  section_name: string;
  bureau_id: string;
  bureau_name: string;
  answers: Record<string, unknown> | null;
}
