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

/** Fixed people the README and the dev persona picker refer to. */
export const DEMO_PERSONAS = [
  {
    employeeNo: 'D00001',
    family: ['佐藤', 'サトウ'],
    given: ['美咲', 'ミサキ'],
    gender: 'female',
    bureau: 'B01',
    section: 0,
    post: 'staff',
    roles: ['hr', 'admin'],
    description: '人事課 — お知らせ・キャンペーン・データ取込',
  },
  {
    employeeNo: 'D00002',
    family: ['高橋', 'タカハシ'],
    given: ['誠', 'マコト'],
    gender: 'male',
    bureau: 'B03',
    section: 0,
    post: 'chief',
    roles: [],
    description: '情報政策課長 — 部下の残業アラート',
  },
  {
    employeeNo: 'D00003',
    family: ['中村', 'ナカムラ'],
    given: ['健太', 'ケンタ'],
    gender: 'male',
    bureau: 'B03',
    section: 0,
    post: 'staff',
    roles: [],
    description: '情報政策課 係員 — 配偶者が出産予定',
  },
  {
    employeeNo: 'D00004',
    family: ['小林', 'コバヤシ'],
    given: ['直樹', 'ナオキ'],
    gender: 'male',
    bureau: 'B03',
    section: 0,
    post: 'head',
    roles: ['executive'],
    description: '情報通信局長 — 局の月次報告',
  },
  {
    employeeNo: 'D00005',
    family: ['伊藤', 'イトウ'],
    given: ['由美', 'ユミ'],
    gender: 'female',
    bureau: 'B03',
    section: 1,
    post: 'staff',
    roles: ['wlb_officer'],
    description: '情報通信局 WLB担当 — 育児シートの取りまとめ',
  },
] as const;

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
