import ExcelJS from 'exceljs';
import { toCsv as writeCsv } from '../shared/csv-writer.ts';
import type { FollowUpReport, FollowUpRow } from './follow-up-report.service.ts';

/**
 * The follow-up report as CSV (through the one CSV writer: formula triggers neutralised, BOM, CRLF)
 * and as Excel (one sheet in the report's order, one sheet per 区分), the same cells in both.
 */

const HEADINGS = [
  '区分',
  '項目',
  '指標',
  '単位',
  '数値（今期）',
  '前年同期',
  '目標・参考',
  '対象期間',
  '計画との対応',
  '再現する表（シード）',
] as const;

const cells = (r: FollowUpRow) => [
  r.unit,
  r.item,
  r.measure,
  r.unitOfMeasure,
  r.value ?? '',
  r.previous ?? '',
  r.target,
  r.period,
  r.planSection,
  r.reproduces,
];

export function followUpCsv(report: FollowUpReport): string {
  return writeCsv([[...HEADINGS], ...report.rows.map(cells)]);
}

export async function followUpXlsx(report: FollowUpReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const add = (name: string, rows: FollowUpRow[]) => {
    // Sheet names: at most 31 characters, none of : \ / ? * [ ].
    const sheet = workbook.addWorksheet(name.replace(/[:\\/?*[\]]/g, '・').slice(0, 31));
    sheet.addRow([...HEADINGS]).font = { bold: true };
    // Strings stay strings in exceljs (a formula needs an explicit { formula }), so no neutralising.
    for (const r of rows) sheet.addRow(cells(r));
    sheet.columns.forEach((c, i) => {
      c.width = i === 2 ? 60 : i >= 6 ? 40 : 16;
    });
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  };
  add(`フォローアップ${report.fiscalYear}年度`, report.rows);
  const units = [...new Set(report.rows.map((r) => r.unit))];
  const used = new Set<string>();
  for (const unit of units) {
    let name = unit.slice(0, 28);
    while (used.has(name)) name = `${name.slice(0, 26)}_${used.size}`;
    used.add(name);
    add(
      name,
      report.rows.filter((r) => r.unit === unit),
    );
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
