import type { BureauKind } from '../org/org.table.ts';
import type { OrgRow } from '../org/org-csv.schema.ts';
import { FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES } from './demo-names.ts';

/** A small deterministic PRNG (mulberry32): the same seed gives the same ministry every time. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface SectionPlan {
  name: string;
  heteronomous?: boolean;
}
interface BureauPlan {
  code: string;
  name: string;
  kind: BureauKind;
  sections: SectionPlan[];
}

const BUREAUS: BureauPlan[] = [
  {
    code: 'B01',
    name: '大臣官房',
    kind: 'headquarters',
    sections: [
      { name: '人事課' },
      { name: '秘書課' },
      { name: '総務課', heteronomous: true },
      { name: '会計課', heteronomous: true },
    ],
  },
  {
    code: 'B02',
    name: '行政管理局',
    kind: 'headquarters',
    sections: [{ name: '企画調整課', heteronomous: true }, { name: '管理官室' }],
  },
  {
    code: 'B03',
    name: '情報通信局',
    kind: 'headquarters',
    sections: [{ name: '情報政策課', heteronomous: true }, { name: '電波政策課' }, { name: '放送政策課' }],
  },
  {
    code: 'B04',
    name: '統計局',
    kind: 'headquarters',
    sections: [{ name: '統計調査課' }, { name: '統計情報利用推進課' }],
  },
  {
    code: 'B05',
    name: '消防庁',
    kind: 'external_agency',
    sections: [{ name: '総務課', heteronomous: true }, { name: '予防課' }],
  },
  {
    code: 'B06',
    name: '関東総合通信局',
    kind: 'regional_branch',
    sections: [{ name: '総務課' }, { name: '電波監理課' }],
  },
  {
    code: 'B07',
    name: '近畿総合通信局',
    kind: 'regional_branch',
    sections: [{ name: '総務課' }, { name: '電波監理課' }],
  },
  { code: 'B08', name: '九州総合通信局', kind: 'regional_branch', sections: [{ name: '総務課' }] },
];

export const DEMO_DOMAIN = 'demo.example.go.jp';

/**
 * Fixed people the README and the dev persona picker refer to. A row: employee number, family and
 * given name (kanji, kana), gender, bureau, section (index in the bureau's plan), post, roles, who they are.
 */
// biome-ignore format: a table, one persona a row
const PERSONA_ROWS = [
  ['D00001', ['佐藤', 'サトウ'], ['美咲', 'ミサキ'], 'female', 'B01', 0, 'staff', ['hr', 'admin'], '人事課 — お知らせ・キャンペーン・データ取込'],
  ['D00002', ['高橋', 'タカハシ'], ['誠', 'マコト'], 'male', 'B03', 0, 'chief', [], '情報政策課長 — 部下の残業アラート'],
  ['D00003', ['中村', 'ナカムラ'], ['健太', 'ケンタ'], 'male', 'B03', 0, 'staff', [], '情報政策課 係員 — 配偶者が出産予定'],
  ['D00004', ['小林', 'コバヤシ'], ['直樹', 'ナオキ'], 'male', 'B03', 0, 'head', ['executive'], '情報通信局長 — 局の月次報告'],
  ['D00005', ['伊藤', 'イトウ'], ['由美', 'ユミ'], 'female', 'B03', 1, 'staff', ['wlb_officer'], '情報通信局 WLB担当 — 育児シートの取りまとめ'],
] as const;

export const DEMO_PERSONAS = PERSONA_ROWS.map(
  ([employeeNo, family, given, gender, bureau, section, post, roles, description]) => ({
    employeeNo,
    family,
    given,
    gender,
    bureau,
    section,
    post,
    roles,
    description,
  }),
);

/** Stable, valid Entra object ids for demo people (so Teams-like clients can be pointed at them). */
export function demoOid(index: number): string {
  return `d0000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
}

export interface DemoOrgOptions {
  staff: number;
  seed?: number;
}

/**
 * The demo ministry: eight bureaus of the three kinds, each with a director-general (局長), each
 * section with a chief (課長, managerial) and a deputy (課長補佐) under whom the staff sit.
 * With more staff than the base plan holds, bureaus get numbered extra sections (for benchmarks).
 */
export function* generateDemoOrg(options: DemoOrgOptions): Generator<OrgRow> {
  const random = prng(options.seed ?? 20260522);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const personas = new Map<string, (typeof DEMO_PERSONAS)[number]>();
  for (const p of DEMO_PERSONAS) personas.set(`${p.bureau}/${p.section}/${p.post}`, p);

  let serial = 0;
  let emitted = 0;
  const sectionsPerRound = BUREAUS.reduce((n, b) => n + b.sections.length, 0);
  // Staff per section so that the whole ministry lands near the requested size.
  const perSection = Math.max(4, Math.round(options.staff / sectionsPerRound) - 1);

  const person = (
    post: 'head' | 'chief' | 'deputy' | 'staff',
    bureau: BureauPlan,
    sectionIndex: number,
    sectionCode: string,
    sectionName: string,
    heteronomous: boolean,
    managerNo: string | undefined,
    forceNo?: string,
  ): OrgRow => {
    const persona = forceNo ? undefined : personas.get(`${bureau.code}/${sectionIndex}/${post}`);
    if (persona) personas.delete(`${bureau.code}/${sectionIndex}/${post}`);
    serial++;
    const female = persona ? persona.gender === 'female' : random() < 0.38;
    const [family, familyKana] = persona ? persona.family : pick(FAMILY_NAMES);
    const [given, givenKana] = persona ? persona.given : pick(female ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES);
    const employeeNo = persona?.employeeNo ?? forceNo ?? `E${String(serial).padStart(6, '0')}`;
    const index = persona ? Number(persona.employeeNo.slice(1)) : 100_000 + serial;
    return {
      employee_no: employeeNo,
      family_name: family,
      given_name: given,
      family_name_kana: familyKana,
      given_name_kana: givenKana,
      upn: `${employeeNo.toLowerCase()}@${DEMO_DOMAIN}`,
      entra_oid: demoOid(index),
      bureau_code: bureau.code,
      bureau_name: bureau.name,
      bureau_kind: bureau.kind,
      section_code: sectionCode,
      section_name: sectionName,
      heteronomous,
      manager_employee_no: managerNo,
      managerial: post === 'head' || post === 'chief',
      gender: female ? 'female' : 'male',
      locale: 'ja',
      roles: persona ? persona.roles.map((role) => ({ role })) : [],
    };
  };

  const heads = new Map<string, OrgRow>();
  for (let round = 0; emitted < options.staff; round++) {
    for (const bureau of BUREAUS) {
      for (const [sectionIndex, plan] of bureau.sections.entries()) {
        if (emitted >= options.staff) return;
        const suffix = round === 0 ? '' : `第${round + 1}`;
        const code = `${bureau.code}-${String(round * 10 + sectionIndex + 1).padStart(3, '0')}`;
        const name = `${plan.name}${suffix}`;
        const het = plan.heteronomous ?? false;
        let head = heads.get(bureau.code);
        if (!head) {
          head = person('head', bureau, sectionIndex, code, name, het, undefined);
          head.roles = [{ role: 'executive' }];
          heads.set(bureau.code, head);
          yield head;
          if (++emitted >= options.staff) return;
        }
        const chief = person('chief', bureau, sectionIndex, code, name, het, head.employee_no);
        yield chief;
        if (++emitted >= options.staff) return;
        const deputy = person('deputy', bureau, sectionIndex, code, name, het, chief.employee_no);
        // Each bureau's WLB officer (局WLB担当) is the deputy of its last section, unless a persona has the job.
        if (round === 0 && sectionIndex === bureau.sections.length - 1 && bureau.code !== 'B03')
          deputy.roles = [{ role: 'wlb_officer' }];
        yield deputy;
        if (++emitted >= options.staff) return;
        for (let i = 0; i < perSection - 2 && emitted < options.staff; i++) {
          // Personas sit directly under the chief so the demo's manager sees them.
          const p = person(
            'staff',
            bureau,
            sectionIndex,
            code,
            name,
            het,
            i % 2 === 0 ? chief.employee_no : deputy.employee_no,
          );
          if (DEMO_PERSONAS.some((d) => d.employeeNo === p.employee_no))
            p.manager_employee_no = chief.employee_no;
          yield p;
          emitted++;
        }
      }
    }
  }
}
