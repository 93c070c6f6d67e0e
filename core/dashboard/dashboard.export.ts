import ExcelJS from 'exceljs';
import { toCsv as writeCsv } from '../shared/csv-writer.ts';
import type { DashboardRow } from './dashboard.rules.ts';
import type { GroupView } from './dashboard.service.ts';

/**
 * The export holds exactly what the page shows for the same view (hidden rows stay "<N"), with the
 * column headings of the page, in Japanese or English.
 */

export type ExportLocale = 'ja' | 'en';

const HEADINGS: Record<ExportLocale, string[]> = {
  ja: [
    '区分',
    '名称',
    '人数',
    '残業合計(時間)',
    '平均(時間/人・非管理職)',
    '45h以上',
    '80h以上',
    '100h以上(全職員)',
    '前年同月 平均',
    '前年同月比(時間)',
    '前年同月 100h以上',
    '年休 平均取得日数',
    '100hアラート 未対応',
    '100hアラート 対応済み',
  ],
  en: [
    'Level',
    'Name',
    'Staff',
    'Total overtime (h)',
    'Average (h per non-managerial person)',
    '≥45 h',
    '≥80 h',
    '≥100 h (all staff)',
    'Same month last year: average',
    'Change vs last year (h)',
    'Same month last year: ≥100 h',
    'Annual leave: average days',
    '100 h alerts open',
    '100 h alerts acted on',
  ],
};

const PEOPLE_HEADINGS: Record<ExportLocale, string[]> = {
  ja: ['職員番号', '氏名', '管理職', '今月の残業(時間)', '前年同月(時間)', '年休 取得日数', '100hアラート'],
  en: [
    'Employee no.',
    'Name',
    'Managerial',
    'Overtime this month (h)',
    'Same month last year (h)',
    'Annual leave days taken',
    '100 h alert',
  ],
};

type Cell = string | number | null;

function rowCells(level: string, row: DashboardRow, floorLabel: string): Cell[] {
  if (row.hidden) return [level, row.name, floorLabel, ...Array(11).fill(floorLabel)];
  const f = row.thisMonth;
  // All-staff figures hidden (the managerial part would be given away): "<N" like the page.
  const all = (v: number | null | undefined): Cell => (row.allStaffHidden ? floorLabel : (v ?? null));
  return [
    level,
    row.name,
    f?.staff ?? null,
    all(f?.totalHours),
    f?.avgHours ?? null,
    f?.ge45 ?? null,
    f?.ge80 ?? null,
    all(f?.ge100All),
    row.lastYear?.avgHours ?? null,
    row.change.avgHours,
    row.lastYear?.ge100All ?? null,
    row.leaveAvgDays,
    all(row.alerts?.open),
    all(row.alerts?.acted),
  ];
}

export function exportTable(view: GroupView, locale: ExportLocale): { headings: string[]; rows: Cell[][] } {
  const label = `<${view.minGroupSize}`;
  const total = locale === 'ja' ? '合計' : 'Total';
  if (view.people) {
    const yes = locale === 'ja' ? 'はい' : 'yes';
    return {
      headings: PEOPLE_HEADINGS[locale],
      rows: view.people.map((p) => [
        p.employeeNo,
        p.name,
        p.isManagerial ? yes : '',
        p.minutes === null ? null : Math.round(p.minutes / 6) / 10,
        p.lastYearMinutes === null ? null : Math.round(p.lastYearMinutes / 6) / 10,
        p.annualLeaveDays,
        p.alert100 ?? '',
      ]),
    };
  }
  const level =
    view.rowLevel === 'bureau' ? (locale === 'ja' ? '局' : 'Bureau') : locale === 'ja' ? '課' : 'Section';
  return {
    headings: HEADINGS[locale],
    rows: [
      ...view.rows.map((r) => rowCells(level, r, label)),
      rowCells(total, { ...view.total, name: view.title.name ?? total }, label),
    ],
  };
}

/** UTF-8 with BOM and CRLF through the one CSV writer (formula triggers neutralised). */
export function toCsv(table: { headings: string[]; rows: Cell[][] }): string {
  return writeCsv([table.headings, ...table.rows]);
}

export async function toXlsx(
  table: { headings: string[]; rows: Cell[][] },
  sheetName: string,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31) || 'dashboard');
  sheet.addRow(table.headings).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row);
  sheet.columns.forEach((c, i) => {
    c.width = i < 2 ? 22 : 14;
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
