import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shiftMonth } from '../shared/year-month.ts';
import {
  ALERT_LEVELS,
  type AlertInput,
  alertPeriod,
  alertsDue,
  capsFor,
  followUpDates,
  isOverMonthlyCap,
  type MonthlyMinutes,
  overtimeAlertKey,
  projectMonthEnd,
} from './overtime.rules.ts';
import { parseOvertimeSettings } from './overtime.settings.ts';

const h = (hours: number) => hours * 60;

/** A standard-section employee on 2026-05-22 (13 of May's 18 working days gone) unless overridden. */
function input(overrides: Partial<AlertInput> = {}): AlertInput {
  const monthToDateMinutes = overrides.monthToDateMinutes ?? 0;
  return {
    month: '2026-05',
    sectionKind: 'standard',
    isManagerial: false,
    monthToDateMinutes,
    projection: projectMonthEnd({
      month: overrides.month ?? '2026-05',
      asOf: '2026-05-22',
      minutesSoFar: monthToDateMinutes,
    }),
    history: [],
    ...overrides,
  };
}

const levels = (i: AlertInput, settings?: Parameters<typeof alertsDue>[1]) =>
  alertsDue(i, settings).map((a) => a.level);

describe('alertsDue: monthly levels and recipients (SPEC §3)', () => {
  it('gives nothing to someone with little overtime', () => {
    expect(alertsDue(input({ monthToDateMinutes: h(20) }))).toEqual([]);
  });

  it('45 h goes to the employee only', () => {
    const [alert, ...rest] = alertsDue(input({ monthToDateMinutes: h(45), projection: undefined }));
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({
      level: 'month45',
      period: '2026-05',
      valueMinutes: h(45),
      thresholdMinutes: h(45),
      doctorInterview: false,
      recipients: [{ role: 'employee', message: 'alert' }],
    });
  });

  it('44:59 is not yet 45 h', () => {
    expect(levels(input({ monthToDateMinutes: h(45) - 1, projection: undefined }))).toEqual([]);
  });

  it('80 h goes to the employee and the manager', () => {
    const due = alertsDue(input({ monthToDateMinutes: h(80), projection: undefined }));
    expect(due.map((a) => a.level)).toEqual(['month45', 'month80']);
    expect(due[1]!.recipients.map((r) => r.role)).toEqual(['employee', 'manager']);
  });

  it('100 h goes to the manager and the WLB officer, with a health notice to the employee and the doctor interview', () => {
    const due = alertsDue(input({ monthToDateMinutes: h(100), projection: undefined }));
    expect(due.map((a) => a.level)).toEqual(['month45', 'month80', 'month100']);
    expect(due[2]).toMatchObject({
      level: 'month100',
      doctorInterview: true,
      basis: 'overtime',
      recipients: [
        { role: 'manager', message: 'alert' },
        { role: 'wlb_officer', message: 'alert' },
        { role: 'employee', message: 'health_notice' },
      ],
    });
  });

  it('100 h of in-office time beyond hours also triggers the 100 h alert (在庁時間)', () => {
    const due = alertsDue(
      input({ monthToDateMinutes: h(50), monthToDateInOfficeMinutes: h(101), projection: undefined }),
    );
    expect(due.map((a) => a.level)).toEqual(['month45', 'month100']);
    expect(due[1]).toMatchObject({ basis: 'in_office', valueMinutes: h(101), doctorInterview: true });
  });
});

describe('alertsDue: pace warnings', () => {
  it('warns at a projected 80 h and 100 h', () => {
    // 70 h in 13 of 18 working days → 96.9 h.
    expect(levels(input({ monthToDateMinutes: h(70) }))).toEqual(['pace80', 'month45']);
    // 85 h → 117.7 h: month80 reached, so pace80 is not sent, pace100 is.
    const due = alertsDue(input({ monthToDateMinutes: h(85) }));
    expect(due.map((a) => a.level)).toEqual(['pace100', 'month45', 'month80']);
    expect(due[0]!.recipients.map((r) => r.role)).toEqual(['employee', 'manager']);
    expect(due[0]!.valueMinutes).toBe(Math.round((h(85) * 18) / 13));
  });

  it('waits for enough working days before trusting a pace', () => {
    // 5 h on the first working day of May projects to 90 h: too early to say.
    const early = projectMonthEnd({ month: '2026-05', asOf: '2026-05-01', minutesSoFar: h(5) });
    expect(early.projectedMinutes).toBe(h(90));
    expect(levels(input({ monthToDateMinutes: h(5), projection: early }))).toEqual([]);
    const settings = parseOvertimeSettings({ paceMinWorkingDaysElapsed: 1 });
    expect(levels(input({ monthToDateMinutes: h(5), projection: early }), settings)).toEqual(['pace80']);
  });

  it('gives no pace warning for a finished month or without a projection', () => {
    const final = projectMonthEnd({ month: '2026-05', asOf: '2026-05-31', minutesSoFar: h(79) });
    expect(levels(input({ monthToDateMinutes: h(79), projection: final }))).toEqual(['month45']);
    expect(levels(input({ monthToDateMinutes: h(79), projection: undefined }))).toEqual(['month45']);
  });

  it('refuses a projection of another month', () => {
    const april = projectMonthEnd({ month: '2026-04', asOf: '2026-04-20', minutesSoFar: 0 });
    expect(() => alertsDue(input({ projection: april }))).toThrow(/projection/);
  });
});

describe('alertsDue: managerial posts', () => {
  it('are outside the non-managerial levels', () => {
    expect(levels(input({ isManagerial: true, monthToDateMinutes: h(99) }))).toEqual([]);
  });

  it('are still alerted at 100 h, by overtime or in-office time', () => {
    expect(levels(input({ isManagerial: true, monthToDateMinutes: h(100) }))).toEqual(['month100']);
    expect(
      levels(input({ isManagerial: true, monthToDateMinutes: 0, monthToDateInOfficeMinutes: h(120) })),
    ).toEqual(['month100']);
  });

  it('are not checked against the annual caps', () => {
    const history = [4, 5, 6, 7, 8, 9, 10].map((m) => ({
      month: `2026-${String(m).padStart(2, '0')}`,
      minutes: h(60),
    }));
    expect(
      levels(
        input({
          month: '2026-11',
          isManagerial: true,
          monthToDateMinutes: 0,
          history,
          projection: undefined,
        }),
      ),
    ).toEqual([]);
  });
});

describe('alertsDue: annual caps (overtime year April–March)', () => {
  const months = (from: string, n: number, minutes: number): MonthlyMinutes[] =>
    Array.from({ length: n }, (_, i) => ({ month: shiftMonth(from, i), minutes }));

  it('standard: 360 h reached in the year from April', () => {
    // April–October 2026 at 44 h = 308 h, then 52 h in November = 360 h.
    const due = alertsDue(
      input({
        month: '2026-11',
        monthToDateMinutes: h(52),
        history: months('2026-04', 7, h(44)),
        projection: undefined,
      }),
    );
    expect(due.map((a) => a.level)).toEqual(['month45', 'annual360']);
    expect(due[1]).toMatchObject({ period: '2026-04', valueMinutes: h(360), thresholdMinutes: h(360) });
  });

  it('does not count months of the previous overtime year', () => {
    // January–March 2026 belong to FY2025; April 2026 starts again from 0.
    const history = months('2025-04', 12, h(40));
    expect(
      levels(input({ month: '2026-04', monthToDateMinutes: h(10), history, projection: undefined })),
    ).toEqual([]);
    expect(
      levels(input({ month: '2026-03', monthToDateMinutes: h(40), history, projection: undefined })),
    ).toEqual(['annual360']);
  });

  it('uses monthToDate for the current month, not a stale history entry, and ignores later months', () => {
    const history = [
      ...months('2026-04', 7, h(44)),
      { month: '2026-11', minutes: h(200) },
      { month: '2026-12', minutes: h(200) },
    ];
    expect(
      levels(input({ month: '2026-11', monthToDateMinutes: h(10), history, projection: undefined })),
    ).toEqual([]);
  });

  it('heteronomous: 720 h, not 360 h', () => {
    const history = months('2026-04', 9, h(75)); // April–December: 675 h
    const below = levels(
      input({
        month: '2027-01',
        sectionKind: 'heteronomous',
        monthToDateMinutes: h(44),
        history,
        projection: undefined,
      }),
    );
    expect(below).not.toContain('annual360');
    expect(below).not.toContain('annual720');
    expect(
      levels(
        input({
          month: '2027-01',
          sectionKind: 'heteronomous',
          monthToDateMinutes: h(45),
          history,
          projection: undefined,
        }),
      ),
    ).toContain('annual720');
  });
});

describe('alertsDue: heteronomous sections (他律部署)', () => {
  const het = (monthToDateMinutes: number, history: MonthlyMinutes[], month = '2026-06') =>
    input({ month, sectionKind: 'heteronomous', monthToDateMinutes, history, projection: undefined });

  it('alerts when an average of 2–6 consecutive months exceeds 80 h', () => {
    const due = alertsDue(het(h(75), [{ month: '2026-05', minutes: h(90) }]));
    const avg = due.find((a) => a.level === 'avg80')!;
    expect(avg.recipients.map((r) => r.role)).toEqual(['employee', 'manager']);
    expect(avg.windows!.map((w) => w.months)).toEqual([2]);
    expect(avg.valueMinutes).toBe(h(165));
    expect(avg.thresholdMinutes).toBe(h(160));
  });

  it('allows an average of exactly 80 h', () => {
    expect(levels(het(h(70), [{ month: '2026-05', minutes: h(90) }]))).not.toContain('avg80');
  });

  it('reports the worst window and every window over the limit', () => {
    const history = [
      { month: '2026-03', minutes: h(95) },
      { month: '2026-04', minutes: h(95) },
      { month: '2026-05', minutes: h(60) },
    ];
    // With 99 h in June: 2 months 79.5 h, 3 months 84.7 h, 4 months 87.25 h, 5 and 6 months (February 0) under.
    const avg = alertsDue(het(h(99), history)).find((a) => a.level === 'avg80')!;
    expect(avg.windows!.map((w) => w.months)).toEqual([3, 4]);
    expect(avg).toMatchObject({ valueMinutes: h(349), thresholdMinutes: h(320) });
  });

  it('windows cross the overtime year: March and April count together', () => {
    expect(levels(het(h(85), [{ month: '2026-03', minutes: h(85) }], '2026-04'))).toContain('avg80');
  });

  it('alerts the month in which the sixth month over 45 h of the year arrives', () => {
    const five = [4, 5, 6, 7, 8].map((m) => ({
      month: `2026-${String(m).padStart(2, '0')}`,
      minutes: h(46),
    }));
    const due = alertsDue(het(h(46), five, '2026-09'));
    expect(due.find((a) => a.level === 'count45')).toMatchObject({
      valueMinutes: h(46),
      thresholdMinutes: h(45),
      period: '2026-09',
      monthsOver: { count: 6, limit: 6 },
    });
    // Exactly 45 h is not "over 45 h"; and a month under it brings no count45 alert.
    expect(levels(het(h(45), five, '2026-09'))).not.toContain('count45');
    expect(levels(het(h(30), [...five, { month: '2026-09', minutes: h(50) }], '2026-10'))).not.toContain(
      'count45',
    );
  });

  it('standard sections get no average or month-count alerts', () => {
    const due = levels(
      input({
        month: '2026-06',
        monthToDateMinutes: h(99),
        history: [{ month: '2026-05', minutes: h(99) }],
        projection: undefined,
      }),
    );
    expect(due).not.toContain('avg80');
    expect(due).not.toContain('count45');
  });
});

describe('dedupe key, periods, follow-up and caps', () => {
  it('is employee + month + level; annual levels belong to April of their year', () => {
    expect(overtimeAlertKey('e-1', { level: 'month100', period: '2026-05' })).toBe('e-1:2026-05:month100');
    expect(alertPeriod('month45', '2027-02')).toBe('2027-02');
    expect(alertPeriod('annual360', '2027-02')).toBe('2026-04');
    expect(alertPeriod('annual720', '2026-04')).toBe('2026-04');
    expect(alertPeriod('avg80', '2027-03')).toBe('2027-03');
  });

  it('an annual alert due in two months of one year has one key, a new year a new key', () => {
    const history = Array.from({ length: 8 }, (_, i) => ({
      month: shiftMonth('2026-04', i),
      minutes: h(45),
    }));
    const key = (month: string, mtd: number) =>
      alertsDue(input({ month, monthToDateMinutes: mtd, history, projection: undefined }))
        .filter((a) => a.level === 'annual360')
        .map((a) => overtimeAlertKey('e-1', a));
    expect(key('2026-12', h(10))).toEqual(['e-1:2026-04:annual360']);
    expect(key('2027-01', h(10))).toEqual(['e-1:2026-04:annual360']);
  });

  it('reminds after N working days and escalates N working days later', () => {
    // Alert on Thu 2026-04-30: 5/1 is day 1, then GW; 5/7, 5/8 → reminder on 5/8, escalation 5/13.
    expect(followUpDates('2026-04-30')).toEqual({ reminderOn: '2026-05-08', escalationOn: '2026-05-13' });
    expect(followUpDates('2026-12-25', parseOvertimeSettings({ workingDaysToAct: 1 }))).toEqual({
      reminderOn: '2026-12-28',
      escalationOn: '2027-01-04',
    });
  });

  it('knows the caps: 45 h is allowed in a standard section, 100 h is over in a heteronomous one', () => {
    expect(capsFor('standard')).toEqual({ monthlyCapMinutes: h(45), annualCapMinutes: h(360) });
    expect(capsFor('heteronomous')).toEqual({ monthlyCapMinutes: h(100), annualCapMinutes: h(720) });
    expect(isOverMonthlyCap('standard', h(45))).toBe(false);
    expect(isOverMonthlyCap('standard', h(45) + 1)).toBe(true);
    expect(isOverMonthlyCap('heteronomous', h(100) - 1)).toBe(false);
    expect(isOverMonthlyCap('heteronomous', h(100))).toBe(true);
  });
});

describe('alertsDue: properties', () => {
  const monthArb = fc
    .record({ y: fc.integer({ min: 2020, max: 2048 }), m: fc.integer({ min: 1, max: 12 }) })
    .map(({ y, m }) => `${y}-${String(m).padStart(2, '0')}`);
  const anyInput = fc
    .record({
      month: monthArb,
      sectionKind: fc.constantFrom('standard' as const, 'heteronomous' as const),
      isManagerial: fc.boolean(),
      monthToDateMinutes: fc.integer({ min: 0, max: h(200) }),
      monthToDateInOfficeMinutes: fc.option(fc.integer({ min: 0, max: h(250) }), { nil: undefined }),
      day: fc.integer({ min: 0, max: 30 }),
      history: fc.array(fc.integer({ min: 0, max: h(150) }), { maxLength: 12 }),
    })
    .map(({ month, day, history, ...rest }) => {
      const asOf = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5)) - 1, 1 + day))
        .toISOString()
        .slice(0, 10);
      const input: AlertInput = {
        month,
        ...rest,
        projection: projectMonthEnd({ month, asOf, minutesSoFar: rest.monthToDateMinutes }),
        history: history.map((minutes, i) => ({ month: shiftMonth(month, -(i + 1)), minutes })),
      };
      return input;
    });

  it('each level at most once, in ALERT_LEVELS order, each at or past its threshold', () => {
    fc.assert(
      fc.property(anyInput, (i) => {
        const due = alertsDue(i);
        const ls = due.map((a) => a.level);
        expect(new Set(ls).size).toBe(ls.length);
        expect([...ls].sort((a, b) => ALERT_LEVELS.indexOf(a) - ALERT_LEVELS.indexOf(b))).toEqual(ls);
        for (const a of due) {
          if (a.level === 'avg80') expect(a.valueMinutes).toBeGreaterThan(a.thresholdMinutes);
          else expect(a.valueMinutes).toBeGreaterThanOrEqual(a.thresholdMinutes);
          expect(a.doctorInterview).toBe(a.level === 'month100');
        }
      }),
    );
  });

  it('managerial posts only ever get month100', () => {
    fc.assert(
      fc.property(anyInput, (i) => {
        for (const level of levels({ ...i, isManagerial: true })) expect(level).toBe('month100');
      }),
    );
  });

  it('no alert below the lowest thresholds', () => {
    const quiet = anyInput.map((i) => ({
      ...i,
      monthToDateMinutes: i.monthToDateMinutes % h(45),
      monthToDateInOfficeMinutes:
        i.monthToDateInOfficeMinutes === undefined ? undefined : i.monthToDateInOfficeMinutes % h(100),
      // At most 5 earlier months under 45 h: the year stays under 360 h and no average nears 80 h.
      history: i.history.slice(0, 5).map((m) => ({ ...m, minutes: m.minutes % h(45) })),
    }));
    fc.assert(
      fc.property(quiet, (i) => {
        const due = levels(i);
        // Only a projection can still reach 80 h.
        for (const level of due) expect(level.startsWith('pace')).toBe(true);
        if (i.projection!.projectedMinutes < h(80)) expect(due).toEqual([]);
      }),
    );
  });

  it('more overtime this month never takes a monthly level away', () => {
    fc.assert(
      fc.property(anyInput, fc.integer({ min: 0, max: h(100) }), (i, extra) => {
        const monthly = (x: AlertInput) =>
          new Set(levels({ ...x, projection: undefined }).filter((l) => l.startsWith('month')));
        const before = monthly(i);
        const after = monthly({ ...i, monthToDateMinutes: i.monthToDateMinutes + extra });
        for (const l of before) expect(after.has(l)).toBe(true);
      }),
    );
  });

  it('recipients always follow the table: the employee never gets the manager card at 100 h', () => {
    fc.assert(
      fc.property(anyInput, (i) => {
        for (const a of alertsDue(i)) {
          const employee = a.recipients.find((r) => r.role === 'employee');
          expect(employee?.message).toBe(a.level === 'month100' ? 'health_notice' : 'alert');
          expect(a.recipients.some((r) => r.role === 'wlb_officer')).toBe(a.level === 'month100');
        }
      }),
    );
  });
});
