import type { FollowUpReport, FollowUpRow } from '../../contracts/tab-api/wellbeing.contract.ts';
import { floorLabel, type HiddenReason } from '../access/disclosure.rules.ts';
import { type ViewerDisclosure, viewerDisclosure } from '../access/disclosure.service.ts';
import type { AccessScope } from '../access/scope.ts';
import { takeUpFor } from '../childcare/childcare-take-up.service.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import type { YearMonth } from '../shared/year-month.ts';
import {
  annualLeaveByGroup,
  type GroupMonth,
  inOfficeOverByBureau,
  over100ByBureau,
  overtimeByGroup,
} from './annual-targets.repository.ts';
import {
  ANNUAL_LEAVE_TARGET_DAYS,
  IN_OFFICE_OVER_MINUTES,
  projectToYearEnd,
} from './annual-targets.rules.ts';
import {
  lastDayOf,
  monthTotal,
  periodFigure,
  periodsThrough,
  requireTargetsViewer,
  TARGET_GROUP_LABEL,
  type Unit,
  unitNode,
} from './annual-targets.service.ts';
import { monthSignals } from './wellbeing.service.ts';

/**
 * 取組計画フォローアップ (seed 001: 令和７年度, 総務省; seed 003: 令和５年度 重点項目) — the figures HR
 * sends each year, per ministry, per 本省内部部局・外局 / 地方支分部局 and per bureau, with the floor
 * applied. Each row names the seed table row it fills (docs/follow-up-report.md explains each one).
 * Only what the app's data can show; the text columns (取組内容, 成果・課題) stay HR's to write.
 */

export type { FollowUpReport, FollowUpRow };

const PLAN_OVERTIME = 'Ⅱ2(2)① 超過勤務の縮減';
const PLAN_INTERVAL = 'Ⅱ2(2) 的確な勤務時間管理による超過勤務縮減と勤務間インターバルの確保等';

export async function followUpReport(
  db: Db,
  scope: AccessScope,
  throughMonth: YearMonth,
): Promise<FollowUpReport> {
  requireTargetsViewer(scope);
  const p = periodsThrough(throughMonth);
  const bureausInScope = scope.orgWide ? 'all' : [...scope.bureauIds];
  const bureaus = (
    await db.query<{ id: string; name: string }>(sql`select id::text as id, name from bureau order by code`)
  ).filter((b) => scope.orgWide || scope.bureauIds.has(b.id));
  const allMonths = [...new Set([...p.thisFy, ...p.lastFyFull, ...p.thisCal, ...p.lastCalFull])];
  const [disclosure, overtime, over100, inOffice, leave, signals, reviewed, takeUp] = await Promise.all([
    viewerDisclosure(db, scope, allMonths),
    overtimeByGroup(db, bureausInScope, p.lastFyFull[0]!, throughMonth),
    over100ByBureau(db, bureausInScope, p.lastFyFull[0]!, throughMonth),
    inOfficeOverByBureau(db, bureausInScope, p.lastFyFull[0]!, throughMonth, IN_OFFICE_OVER_MINUTES),
    annualLeaveByGroup(db, bureausInScope, `${p.year - 1}-01-01`, lastDayOf(throughMonth)),
    signalRows(db, p.thisFy),
    reviewedGaps(db, `${p.thisFy[0]}-01`, lastDayOf(throughMonth)),
    takeUpFor(db, scope, p.fiscalYear),
  ]);
  const shown = (v: number | null, hidden: HiddenReason | null) =>
    hidden ? floorLabel(disclosure.floor) : v;
  const fy = `${p.fiscalYear}年度（${p.thisFy[0]}〜${throughMonth}）`;
  const cal = `${p.year}年（${p.thisCal[0]}〜${throughMonth}）`;

  const totalLabel = scope.orgWide ? '省全体' : '担当局の合計';
  const units: { label: string; unit: Unit }[] = [
    // An executive or WLB officer of some bureaus sees the sum of those bureaus, not the ministry.
    { label: totalLabel, unit: 'total' },
    { label: TARGET_GROUP_LABEL.other, unit: 'other' },
    { label: TARGET_GROUP_LABEL.regional, unit: 'regional' },
    ...bureaus.map((b) => ({ label: b.name, unit: { bureauId: b.id } })),
  ];
  const rows: FollowUpRow[] = [];
  for (const { label, unit } of units) {
    const ot = periodFigure(disclosure, overtime, unit, p.thisFy, 60);
    const otPrev = periodFigure(disclosure, overtime, unit, p.lastFySame, 60);
    const otFull = periodFigure(disclosure, overtime, unit, p.lastFyFull, 60);
    const projected =
      ot.perPerson === null
        ? null
        : Math.round(
            projectToYearEnd({ months: 0, averageStaff: 0, perPerson: ot.perPerson }, p.thisFy.length) * 10,
          ) / 10;
    rows.push({
      unit: label,
      item: '２．超過勤務時間の縮減',
      measure: '管理的地位にある職員以外の職員一人当たりの超過勤務時間（年度累計）',
      unitOfMeasure: '時間',
      value: shown(ot.perPerson, ot.hidden),
      previous: shown(otPrev.perPerson, otPrev.hidden),
      target: `前年度実績以下（前年度 ${otFull.hidden ? floorLabel(disclosure.floor) : (otFull.perPerson ?? '—')} 時間／年度末見込み ${projected ?? '—'} 時間）`,
      period: fy,
      planSection: PLAN_OVERTIME,
      reproduces: '000 Ⅱ2(2)①（目標）; 001 ２．超過勤務時間の縮減',
    });
    const c100 = periodCount(disclosure, over100, unit, p.thisFy);
    const c100Prev = periodCount(disclosure, over100, unit, p.lastFySame);
    rows.push({
      unit: label,
      item: '２．超過勤務時間の縮減',
      measure: '月100時間以上の超過勤務を行った職員数（管理職以外・延べ、年度累計）',
      unitOfMeasure: '人',
      value: shown(c100.value, c100.hidden),
      previous: shown(c100Prev.value, c100Prev.hidden),
      target: '前年同時期より縮減（特例超過勤務の最小化）',
      period: fy,
      planSection: PLAN_OVERTIME,
      reproduces: '000 Ⅱ2(2)① 特例超過勤務（月100時間以上など上限を超える超過勤務）の最小化',
    });
    // Seed 001's own figure: 在庁時間 (not overtime) over 100 h. A count that rests on no 在庁時間 at
    // all is "no data" (null), not 0 people.
    const inOfficeCell = (months: readonly YearMonth[]) => {
      const over = periodCount(disclosure, inOffice, unit, months);
      const recorded = periodCount(disclosure, recordedOf(inOffice), unit, months);
      return {
        value: over.hidden ? floorLabel(disclosure.floor) : recorded.value === 0 ? null : over.value,
        recorded: over.hidden ? null : recorded.value,
      };
    };
    const io = inOfficeCell(p.thisFy);
    const ioPrev = inOfficeCell(p.lastFySame);
    rows.push({
      unit: label,
      item: '２．超過勤務時間の縮減',
      measure: '月の在庁時間が100時間を超えた職員数（100ｈ超え在庁者数、管理職以外・延べ、年度累計）',
      unitOfMeasure: '人',
      value: io.value,
      previous: ioPrev.value,
      target:
        io.recorded === null
          ? '前年同時期より縮減'
          : io.recorded === 0
            ? '前年同時期より縮減（勤怠データに在庁時間の記録がないため空欄）'
            : `前年同時期より縮減（在庁時間の記録がある延べ ${io.recorded} 人・月のうち）`,
      period: fy,
      planSection: PLAN_OVERTIME,
      reproduces:
        '001 ２．超過勤務時間の縮減 調査【長時間労働是正】（100ｈ超え在庁者数を前年同時期より縮減）',
    });
    const lv = periodFigure(disclosure, leave, unit, p.thisCal, 1);
    const lvPrev = periodFigure(disclosure, leave, unit, p.lastCalSame, 1);
    rows.push({
      unit: label,
      item: '１－２．柔軟な働き方の推進',
      measure: '年次休暇の一人当たり平均取得日数（管理職以外、暦年累計）',
      unitOfMeasure: '日',
      value: shown(lv.perPerson, lv.hidden),
      previous: shown(lvPrev.perPerson, lvPrev.hidden),
      target: `${ANNUAL_LEAVE_TARGET_DAYS}日以上（年間）`,
      period: cal,
      planSection: 'Ⅱ2(3)① 計画的な年次休暇の取得促進',
      reproduces: '001 １－２．柔軟な働き方の推進（年次休暇の取得奨励）; 002 6 休暇の取得促進',
    });
    const rests = periodCount(disclosure, signals.rests, unit, p.thisFy);
    rows.push({
      unit: label,
      item: '２．超過勤務時間の縮減',
      measure: '勤務間インターバルが基準（設定、既定11時間）未満だった件数（管理職以外、年度累計）',
      unitOfMeasure: '件',
      value: shown(rests.value, rests.hidden),
      previous: null,
      target: '—（縮減）',
      period: fy,
      planSection: PLAN_INTERVAL,
      reproduces:
        '001 ２ 調査【適正な超過勤務命令…】勤務間インターバルの活用; 003 法務省 管理職のマネジメント行動の徹底（11時間のインターバル）',
    });
    const gaps = periodCount(disclosure, signals.gaps, unit, p.thisFy);
    const done = periodCount(disclosure, reviewedRows(signals.gapKeys, reviewed), unit, p.thisFy);
    rows.push({
      unit: label,
      item: '２．超過勤務時間の縮減',
      measure: '登庁・退庁の記録（端末ログ）と申告の乖離があった件数（管理職以外、年度累計）',
      unitOfMeasure: '件',
      value: shown(gaps.value, gaps.hidden),
      previous: null,
      target: `うち管理者が勤務実態を確認済み ${shown(done.value, done.hidden) ?? '—'} 件`,
      period: fy,
      planSection: 'Ⅱ2(1) 勤務時間管理のシステム化',
      reproduces: '001 ２ 調査【システムにより把握する勤務情報の活用状況】',
    });
  }
  rows.push(...childcareRows(takeUp, bureaus, `${p.fiscalYear}年度（出生年度）`, totalLabel));
  rows.push({
    unit: totalLabel,
    item: '１－２．柔軟な働き方の推進',
    measure: 'テレワーク実施状況（テレワーク月間に実施した本省職員の割合）',
    unitOfMeasure: '％',
    value: null,
    previous: null,
    target: '—（本アプリにはテレワークの記録がないため空欄）',
    period: '—',
    planSection: 'Ⅱ2(3)① 柔軟な働き方の推進',
    reproduces: '001 １－２．柔軟な働き方の推進 数値（テレワーク実施状況）',
  });
  return { throughMonth, fiscalYear: p.fiscalYear, minGroupSize: disclosure.floor, rows };
}

/** A count over a period (no per-person division), hidden when the unit is hidden in any month. */
function periodCount(
  d: ViewerDisclosure,
  rows: readonly GroupMonth[],
  unit: Unit,
  months: readonly YearMonth[],
) {
  const hidden = months.map((m) => d.at(m).hidden(unitNode(unit))).find((h) => h) ?? null;
  if (hidden) return { value: null, hidden };
  return { value: months.reduce((n, m) => n + monthTotal(d, rows, unit, m).total, 0), hidden: null };
}

/** The person-months with 在庁時間 recorded, as counts (the same unit and months as the count). */
const recordedOf = (rows: readonly (GroupMonth & { recorded: number })[]): GroupMonth[] =>
  rows.map((r) => ({ ...r, total: r.recorded }));

/** Short rests and gaps of non-managerial staff per bureau and month (the dashboard's counts). */
async function signalRows(db: Db, months: readonly YearMonth[]) {
  const sections = new Map(
    (
      await db.query<{ id: string; bureau_id: string; kind: string }>(sql`
        select s.id::text as id, s.bureau_id::text as bureau_id, b.kind from section s join bureau b on b.id = s.bureau_id`)
    ).map((s) => [s.id, s]),
  );
  const rests: GroupMonth[] = [];
  const gaps: GroupMonth[] = [];
  const gapKeys: { key: string; row: Omit<GroupMonth, 'total' | 'staff'> }[] = [];
  for (const month of months) {
    const s = await monthSignals(db, month);
    for (const [person, where] of s.sectionOf) {
      const section = where && !where.managerial ? sections.get(where.sectionId) : undefined;
      if (!section) continue;
      const base = {
        bureauId: section.bureau_id,
        group: section.kind === 'regional_branch' ? ('regional' as const) : ('other' as const),
        month,
      };
      rests.push({ ...base, staff: 0, total: s.rests.get(person)?.length ?? 0 });
      gaps.push({ ...base, staff: 0, total: s.gaps.get(person)?.length ?? 0 });
      for (const g of s.gaps.get(person) ?? []) gapKeys.push({ key: `${person}|${g.date}`, row: base });
    }
  }
  return { rests, gaps, gapKeys };
}

async function reviewedGaps(db: Db, from: string, to: string): Promise<Set<string>> {
  const rows = await db.query<{ k: string }>(sql`
    select employee_id::text || '|' || to_char(work_date, 'YYYY-MM-DD') as k
      from office_gap_review where work_date between ${from}::date and ${to}::date`);
  return new Set(rows.map((r) => r.k));
}

const reviewedRows = (
  keys: { key: string; row: Omit<GroupMonth, 'total' | 'staff'> }[],
  reviewed: Set<string>,
) => keys.filter((k) => reviewed.has(k.key)).map((k) => ({ ...k.row, staff: 0, total: 1 }));

type TakeUp = Awaited<ReturnType<typeof takeUpFor>>;

/** 4．仕事と育児等の両立支援: the three rates of seed 001, from the childcare take-up view (same floor). */
function childcareRows(
  takeUp: TakeUp,
  bureaus: { id: string; name: string }[],
  period: string,
  totalLabel: string,
): FollowUpRow[] {
  const label = floorLabel(takeUp.minGroupSize);
  const measures = [
    [
      'childcareLeave2Weeks',
      '男性職員の育児休業取得率（２週間以上）',
      '85％（令和12年、２週間以上）',
      '001 ４ 数値 男性職員の育児休業取得率',
    ],
    [
      'specialLeave5Days',
      '男性職員の「男の産休」（配偶者出産休暇・育児参加のための休暇）両休暇合計５日以上取得率',
      '100％',
      '001 ４ 数値 男の産休取得率',
    ],
    [
      'firstYear1Month',
      '子の出生後１年以内に育児に伴う休暇・休業を１か月以上取得した男性職員の割合',
      '—',
      '001 ４ 数値 １か月以上取得した男性職員の割合',
    ],
  ] as const;
  // Both sources, each row naming its own (sources.figures = 'plan', fromAttendance = 'attendance'):
  // the sheets say what was planned and marked taken, the attendance data what was actually taken.
  const attendanceOf = new Map(takeUp.fromAttendance.bureaus.map((b) => [b.bureauId, b.figures]));
  const units = [
    { name: totalLabel, cells: [takeUp.total, takeUp.fromAttendance.total] as const },
    ...takeUp.bureaus
      .filter((b) => bureaus.some((x) => x.id === b.bureau.id))
      .map((b) => ({ name: b.bureau.name, cells: [b.figures, attendanceOf.get(b.bureau.id)] as const })),
  ];
  const sources = ['（育児の計画シートの記録による）', '（勤怠の休暇種別による）'] as const;
  const rows: FollowUpRow[] = [];
  for (const u of units)
    for (const [i, source] of sources.entries()) {
      const cell = u.cells[i];
      if (cell) rows.push(...ratesOf(u.name, cell, source));
    }
  return rows;

  function ratesOf(unit: string, cell: TakeUp['total'], source: string): FollowUpRow[] {
    return measures.map(([key, measure, target, reproduces]) => {
      const rate = cell[key].rate;
      return {
        unit,
        item: '４．仕事と育児等の両立支援',
        measure: `${measure}${source}`,
        unitOfMeasure: '％',
        value: cell.hidden ? label : rate === null ? null : Math.round(rate * 1000) / 10,
        previous: null,
        target,
        period,
        planSection: 'Ⅱ2(3)② 「共育て」等の推進',
        reproduces,
      };
    });
  }
}
