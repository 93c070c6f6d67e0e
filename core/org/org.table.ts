export type BureauKind = 'headquarters' | 'external_agency' | 'regional_branch';
export type Role = 'employee' | 'manager' | 'executive' | 'wlb_officer' | 'hr' | 'admin';
export type AssignableRole = Exclude<Role, 'employee' | 'manager'>;
export type Gender = 'male' | 'female' | 'other';
export type Locale = 'ja' | 'en';

export interface BureauRow {
  id: string;
  ministry_id: string;
  code: string;
  name: string;
  name_en: string | null;
  kind: BureauKind;
  sort_order: number;
}

export interface SectionRow {
  id: string;
  bureau_id: string;
  code: string;
  name: string;
  name_en: string | null;
  heteronomous: boolean;
}

export interface EmployeeRow {
  id: string;
  employee_no: string;
  entra_oid: string | null;
  upn: string | null;
  family_name: string;
  given_name: string;
  family_name_kana: string | null;
  given_name_kana: string | null;
  section_id: string;
  manager_id: string | null;
  is_managerial: boolean;
  gender: Gender | null;
  locale: Locale;
  active: boolean;
}

/** An employee with where they sit: what most screens and cards need. */
export interface EmployeeProfile {
  id: string;
  employeeNo: string;
  entraOid: string | null;
  upn: string | null;
  name: string;
  kana: string | null;
  locale: Locale;
  isManagerial: boolean;
  gender: Gender | null;
  section: { id: string; name: string; heteronomous: boolean };
  bureau: { id: string; name: string; kind: BureauKind };
  manager: { id: string; name: string } | null;
}

export const BUREAU_KIND_LABEL: Record<BureauKind, { ja: string; en: string }> = {
  headquarters: { ja: '本省内部部局', en: 'Headquarters' },
  external_agency: { ja: '外局', en: 'External agency' },
  regional_branch: { ja: '地方支分部局', en: 'Regional branch' },
};
