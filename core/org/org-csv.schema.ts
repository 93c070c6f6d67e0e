import { z } from 'zod';
import { startsLikeFormula } from '../shared/csv-writer.ts';
import type { AssignableRole, BureauKind, Gender, Locale } from './org.table.ts';

/**
 * The org CSV format (docs/org-csv.md). Each column has an English name and the Japanese heading
 * HR's spreadsheets use; either is accepted in the header row.
 */
export const ORG_COLUMNS = {
  employee_no: '職員番号',
  family_name: '姓',
  given_name: '名',
  family_name_kana: '姓カナ',
  given_name_kana: '名カナ',
  upn: 'UPN',
  entra_oid: 'EntraオブジェクトID',
  bureau_code: '局コード',
  bureau_name: '局名',
  bureau_kind: '局区分',
  section_code: '課コード',
  section_name: '課名',
  heteronomous: '他律部署',
  manager_employee_no: '上司職員番号',
  managerial: '管理職',
  gender: '性別',
  locale: '言語',
  roles: '役割',
} as const;

export type OrgColumn = keyof typeof ORG_COLUMNS;
export const REQUIRED_ORG_COLUMNS: OrgColumn[] = [
  'employee_no',
  'family_name',
  'given_name',
  'bureau_code',
  'bureau_name',
  'bureau_kind',
  'section_code',
  'section_name',
];

const KIND_ALIASES: Record<string, BureauKind> = {
  headquarters: 'headquarters',
  本省内部部局: 'headquarters',
  本省: 'headquarters',
  内部部局: 'headquarters',
  external_agency: 'external_agency',
  外局: 'external_agency',
  regional_branch: 'regional_branch',
  地方支分部局: 'regional_branch',
  地方: 'regional_branch',
};
const TRUE = new Set(['1', 'true', 'yes', 'y', 'はい', '○', '〇', '有', 'あり']);
const FALSE = new Set(['', '0', 'false', 'no', 'n', 'いいえ', '×', '無', 'なし']);
const GENDER_ALIASES: Record<string, Gender> = {
  male: 'male',
  男: 'male',
  男性: 'male',
  female: 'female',
  女: 'female',
  女性: 'female',
  other: 'other',
  その他: 'other',
};
const ROLE_NAMES = new Set<AssignableRole>(['hr', 'wlb_officer', 'executive', 'admin']);

const flag = z.string().transform((v, ctx) => {
  const key = v.toLowerCase();
  if (TRUE.has(key)) return true;
  if (FALSE.has(key)) return false;
  ctx.addIssue({
    code: 'custom',
    message: `"${v}" is not yes/no (use 1/0, はい/いいえ)`,
    params: { key: 'org.not_yes_no', value: v },
  });
  return z.NEVER;
});
const optional = (s: string | undefined) => (s === undefined || s === '' ? undefined : s);

export interface RoleGrant {
  role: AssignableRole;
  /** Bureau code for bureau-scoped roles; undefined = the employee's own bureau (or none for hr/admin). */
  bureauCode?: string;
}

/**
 * A name a spreadsheet would run as a formula (=HYPERLINK(…), +, -, @): refused with its line, so
 * it never reaches an export (issue 12; every export also neutralises, core/shared/csv-writer.ts).
 */
const plainText = (max: number, required = true) =>
  z
    .string()
    .min(required ? 1 : 0, 'is required')
    .max(max)
    .refine((v) => !startsLikeFormula(v), {
      message:
        '先頭に = + - @ は使えません（表計算ソフトで数式として実行されるため） / must not start with = + - @',
    });

export const orgRowSchema = z.object({
  employee_no: z
    .string()
    .min(1, 'is required')
    .max(32)
    .regex(/^[\w-]+$/, 'only letters, digits, - and _'),
  family_name: plainText(50),
  given_name: plainText(50),
  family_name_kana: plainText(50, false).optional().transform(optional),
  given_name_kana: plainText(50, false).optional().transform(optional),
  upn: z.preprocess(optional, z.email('is not a UPN (name@domain)').optional()),
  entra_oid: z.preprocess(optional, z.uuid('is not a GUID').optional()),
  bureau_code: z.string().min(1, 'is required').max(32),
  bureau_name: plainText(100),
  bureau_kind: z.string().transform((v, ctx) => {
    const kind = KIND_ALIASES[v] ?? KIND_ALIASES[v.toLowerCase()];
    if (kind) return kind;
    ctx.addIssue({
      code: 'custom',
      message: `"${v}" is not a bureau kind (本省内部部局 / 外局 / 地方支分部局)`,
      params: { key: 'org.not_bureau_kind', value: v },
    });
    return z.NEVER;
  }),
  section_code: z.string().min(1, 'is required').max(32),
  section_name: plainText(100),
  heteronomous: flag.optional().default(false),
  manager_employee_no: z.string().optional().transform(optional),
  managerial: flag.optional().default(false),
  gender: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const g = GENDER_ALIASES[v] ?? GENDER_ALIASES[v.toLowerCase()];
      if (g) return g;
      ctx.addIssue({
        code: 'custom',
        message: `"${v}" is not a gender (男性 / 女性 / その他, or empty)`,
        params: { key: 'org.not_gender', value: v },
      });
      return z.NEVER;
    }),
  // Empty = not given: a new person starts in Japanese, an existing one keeps the language they chose.
  locale: z
    .string()
    .optional()
    .transform((v, ctx): Locale | undefined => {
      if (!v) return undefined;
      if (v === 'ja' || v === '日本語') return 'ja';
      if (v === 'en' || v === '英語') return 'en';
      ctx.addIssue({
        code: 'custom',
        message: `"${v}" is not a language (ja / en)`,
        params: { key: 'org.not_language', value: v },
      });
      return z.NEVER;
    }),
  roles: z
    .string()
    .optional()
    .transform((v, ctx): RoleGrant[] => {
      if (!v) return [];
      const grants: RoleGrant[] = [];
      for (const part of v.split(/[;；、\s]+/).filter(Boolean)) {
        const [role, bureauCode] = part.split('@') as [string, string | undefined];
        if (!ROLE_NAMES.has(role as AssignableRole)) {
          ctx.addIssue({
            code: 'custom',
            message: `"${role}" is not a role (hr, wlb_officer, executive, admin)`,
            params: { key: 'org.not_role', value: role },
          });
          return z.NEVER;
        }
        grants.push({ role: role as AssignableRole, bureauCode });
      }
      return grants;
    }),
});

export type OrgRow = z.output<typeof orgRowSchema>;
