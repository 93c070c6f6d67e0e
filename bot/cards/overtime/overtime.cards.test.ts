import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { projectMonthEnd } from '../../../core/overtime/overtime.rules.ts';
import { parseOvertimeSettings } from '../../../core/overtime/overtime.settings.ts';
import type { AlertView } from '../../../core/overtime/overtime-alert-view.repository.ts';
import { MAX_CARD_BYTES } from '../cards.ts';
import { alert100Card, bureauReportCard, overtimeCards, overtimeSummaryCard } from './overtime.cards.ts';

const AC = createRequire(import.meta.url)(
  'adaptivecards/dist/adaptivecards.js',
) as typeof import('adaptivecards');

function problems(card: object): string[] {
  const context = new AC.SerializationContext();
  new AC.AdaptiveCard().parse(card, context);
  return Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
}

const settings = parseOvertimeSettings({
  doctorInterviewProcedureUrl: 'https://intranet.example.go.jp/health/interview',
});
const view: AlertView = {
  id: 7,
  level: 'month100',
  period: '2026-05',
  valueMinutes: 6030,
  thresholdMinutes: 6000,
  detail: {},
  raisedOn: '2026-05-28',
  followUp: 'open',
  managerId: 'm1',
  escalatedTo: null,
  employee: {
    id: 'e1',
    name: '中村 健太',
    employeeNo: 'D00003',
    sectionName: '情報政策課',
    bureauId: 'b',
    bureauName: '情報通信局',
    managerId: 'm1',
  },
  managerName: '高橋 誠',
  months: ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05'].map((month, i) => ({
    month,
    minutes: 1800 + i * 840,
  })),
  actions: [],
};

describe('overtime cards as rendered', () => {
  it('the 100 h card is valid, offers the four actions to the manager only, and refreshes for them', () => {
    const manager = alert100Card(view, { id: 'm1', oid: 'oid-m1', locale: 'ja' }, settings);
    expect(problems(manager)).toEqual([]);
    expect((manager.actions as { title: string }[]).map((a) => a.title)).toEqual([
      '業務配分を見直した',
      '本人と面談した',
      '健康管理医の面接指導を案内した',
      'コメント',
      '省内の面接指導の手続',
    ]);
    expect(manager.refresh).toMatchObject({ userIds: ['oid-m1'] });
    const officer = alert100Card(view, { id: 'w1', oid: 'oid-w1', locale: 'en' }, settings);
    expect(problems(officer)).toEqual([]);
    expect(officer.refresh).toBeUndefined();
    expect(JSON.stringify(officer.body)).toContain('100 h 30 min');
  });

  it('stays under the Teams size limit with a long follow-up history', () => {
    const long = {
      ...view,
      followUp: 'acted' as const,
      actions: Array.from({ length: 40 }, (_, i) => ({
        action: 'comment' as const,
        comment: 'あ'.repeat(200),
        actorName: '高橋 誠',
        at: `2026-05-${10 + (i % 18)} 10:00`,
      })),
    };
    const card = alert100Card(long, { id: 'm1', oid: 'oid-m1', locale: 'ja' }, settings);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(MAX_CARD_BYTES);
    expect(JSON.stringify(card.body)).toContain('対応済み（高橋 誠）');
  });

  it('health notice, level alert, report and summary cards are valid', () => {
    expect(problems(overtimeCards.healthNotice(view, 'ja', settings))).toEqual([]);
    expect(
      problems(
        overtimeCards.alert({ ...view, level: 'month45', valueMinutes: 2710, thresholdMinutes: 2700 }, 'ja'),
      ),
    ).toEqual([]);
    const report = bureauReportCard(
      [
        {
          bureauId: 'a',
          name: '情報通信局',
          kind: 'headquarters',
          staff: 49,
          totalMinutes: 80_000,
          ge100: 1,
          lastYear: { staff: 48, totalMinutes: 90_000, ge100: 2 },
        },
        {
          bureauId: 'b',
          name: '九州総合通信局',
          kind: 'regional_branch',
          staff: 3,
          totalMinutes: 5000,
          ge100: 0,
          lastYear: null,
        },
      ],
      '2026-05',
      'ja',
      5,
      'https://example.test/tab/',
    );
    expect(problems(report)).toEqual([]);
    expect(JSON.stringify(report.body)).toContain('<5');
    const summary = overtimeSummaryCard(
      {
        month: '2026-05',
        minutesSoFar: 2400,
        dataUntil: '2026-05-20',
        projection: projectMonthEnd({ month: '2026-05', asOf: '2026-05-20', minutesSoFar: 2400 }),
        monthlyCapMinutes: 6000,
        monthlyCapExclusive: true,
        annualCapMinutes: 43200,
        movedFromHeteronomous: false,
        yearToDateMinutes: 5000,
        months: view.months,
      },
      'en',
      settings,
    );
    expect(problems(summary)).toEqual([]);
    expect(JSON.stringify(summary.body)).toContain('Projected month end');
    // 他律 month cap is "100時間未満" (人事院規則15-14 第16条の2の2 第1項第2号イ), not "100時間".
    const ja = overtimeSummaryCard(
      {
        month: '2026-05',
        minutesSoFar: 2400,
        dataUntil: '2026-05-20',
        projection: projectMonthEnd({ month: '2026-05', asOf: '2026-05-20', minutesSoFar: 2400 }),
        monthlyCapMinutes: 6000,
        monthlyCapExclusive: true,
        annualCapMinutes: 43200,
        movedFromHeteronomous: false,
        yearToDateMinutes: 5000,
        months: view.months,
      },
      'ja',
      settings,
    );
    expect(JSON.stringify(ja.body)).toContain('100時間未満');
  });
});
