import { describe, expect, it } from 'vitest';
import { defaultOvertimeSettings, parseOvertimeSettings } from './overtime.settings.ts';

describe('overtime settings', () => {
  it('defaults to 人事院規則15-14, 10-4 and SPEC §3, in minutes', () => {
    const { consultationLinks, specialDutyReasons, healthManagerContact, ...numbers } =
      defaultOvertimeSettings;
    expect(consultationLinks.length).toBeGreaterThan(0);
    // 特例業務 reasons (第16条の2の2 第2項) and the 健康管理医 contact (人事院規則10-4), editable in 設定.
    expect(specialDutyReasons.map((r) => r.label)).toContain('大規模災害への対処');
    expect(healthManagerContact.employeeNo).toBeUndefined();
    expect(numbers).toEqual({
      standard: { monthlyCapMinutes: 45 * 60, annualCapMinutes: 360 * 60 },
      heteronomous: {
        monthlyCapMinutes: 100 * 60,
        annualCapMinutes: 720 * 60,
        averageCapMinutes: 80 * 60,
        averageMinMonths: 2,
        averageMaxMonths: 6,
        monthsOverLimit: 6,
        monthsOverMinutes: 45 * 60,
      },
      monthLevels: { month45: 45 * 60, month80: 80 * 60 },
      paceLevels: { pace80: 80 * 60, pace100: 100 * 60 },
      paceMinWorkingDaysElapsed: 5,
      doctorInterviewMinutes: 100 * 60,
      workingDaysToAct: 3,
    });
  });

  it('keeps the defaults of everything a stored partial setting leaves out', () => {
    const s = parseOvertimeSettings({ heteronomous: { averageCapMinutes: 75 * 60 }, workingDaysToAct: 5 });
    expect(s.heteronomous.averageCapMinutes).toBe(75 * 60);
    expect(s.heteronomous.annualCapMinutes).toBe(720 * 60);
    expect(s.workingDaysToAct).toBe(5);
    expect(s.standard).toEqual(defaultOvertimeSettings.standard);
  });

  it('takes the procedure link as a URL', () => {
    expect(
      parseOvertimeSettings({ doctorInterviewProcedureUrl: 'https://portal.example.go.jp/health' })
        .doctorInterviewProcedureUrl,
    ).toBe('https://portal.example.go.jp/health');
    expect(() => parseOvertimeSettings({ doctorInterviewProcedureUrl: 'not a url' })).toThrow();
  });

  it.each([
    ['fractional minutes', { standard: { monthlyCapMinutes: 2700.5 } }],
    ['negative minutes', { paceLevels: { pace80: -1 } }],
    ['levels out of order', { monthLevels: { month45: 90 * 60 } }],
    ['80 h level above the doctor interview', { doctorInterviewMinutes: 70 * 60 }],
    ['pace levels out of order', { paceLevels: { pace80: 120 * 60 } }],
    ['a window shorter than its minimum', { heteronomous: { averageMinMonths: 7, averageMaxMonths: 6 } }],
    ['zero working days to act', { workingDaysToAct: 0 }],
  ])('refuses %s', (_, input) => {
    expect(() => parseOvertimeSettings(input)).toThrow();
  });
});
