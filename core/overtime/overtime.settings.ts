import { z } from 'zod';

/**
 * Every number the overtime rules use. Minutes are the unit throughout (attendance exports and the
 * monthly totals are whole minutes), so limits are written as hours × 60 to stay readable.
 *
 * Defaults: 人事院規則15-14 第16条の2の2 (caps), 人事院規則10-4 (doctor interview at 100 h), SPEC §3
 * (warning levels, pace warnings, N working days to act). HR changes them in the settings page; the
 * stored value is parsed with `parseOvertimeSettings`, so a partial object keeps the other defaults.
 */

const hours = (h: number) => h * 60;

/** Non-negative whole minutes, at most a (generous) year of clock time. */
const minutes = z
  .number()
  .int()
  .min(0)
  .max(hours(24 * 366));

const standardCaps = z.object({
  /** 1箇月 45時間. */
  monthlyCapMinutes: minutes.default(hours(45)),
  /** 1年 360時間. */
  annualCapMinutes: minutes.default(hours(360)),
});

const heteronomousCaps = z.object({
  /** 他律部署: 1箇月 100時間未満 (reaching 100 h is already over the cap). */
  monthlyCapMinutes: minutes.default(hours(100)),
  /** 1年 720時間. */
  annualCapMinutes: minutes.default(hours(720)),
  /** Average of any 2–6 consecutive months: 80時間 (exceeding it, not reaching it, breaks the rule). */
  averageCapMinutes: minutes.default(hours(80)),
  averageMinMonths: z.number().int().min(1).max(12).default(2),
  averageMaxMonths: z.number().int().min(1).max(12).default(6),
  /** Months in the year with more than `monthsOverHours` may be at most this many (1年のうち6箇月). */
  monthsOverLimit: z.number().int().min(0).max(12).default(6),
  monthsOverMinutes: minutes.default(hours(45)),
});

/**
 * Month-to-date levels. The keys are the stable alert level names (dedupe keys, card templates);
 * they are named after their default hours, the hours themselves are settings. The third level,
 * month100, is `doctorInterviewMinutes`: one number, so the alert and the duty cannot drift apart.
 */
const monthLevels = z.object({
  month45: minutes.default(hours(45)),
  month80: minutes.default(hours(80)),
});

const paceLevels = z.object({
  pace80: minutes.default(hours(80)),
  pace100: minutes.default(hours(100)),
});

export const overtimeSettingsSchema = z
  .object({
    standard: standardCaps.prefault({}),
    heteronomous: heteronomousCaps.prefault({}),
    monthLevels: monthLevels.prefault({}),
    paceLevels: paceLevels.prefault({}),
    /**
     * A projection needs some days behind it: after one late evening on the 1st working day a linear
     * projection reads 200 h. Pace warnings wait until this many working days of the month have passed.
     */
    paceMinWorkingDaysElapsed: z.number().int().min(0).max(23).default(5),
    /**
     * The month100 level. 人事院規則10-4: 医師による面接指導 when a month reaches this, counting
     * overtime or 在庁時間 beyond the regular hours, whichever is larger.
     */
    doctorInterviewMinutes: minutes.default(hours(100)),
    /** The ministry's procedure page, linked from the 100 h card. */
    doctorInterviewProcedureUrl: z.url().optional(),
    /** A 100 h alert not acted on within N working days → reminder, then escalation. */
    workingDaysToAct: z.number().int().min(1).max(20).default(3),
    /**
     * Where the employee's 100 h health notice points (相談窓口). The ministry replaces these with its
     * own health-staff pages; the defaults are the public portals anyone can use.
     */
    consultationLinks: z
      .array(
        z.object({
          label: z.string().trim().min(1).max(100),
          labelEn: z.string().trim().max(100).optional(),
          url: z.url(),
        }),
      )
      .max(10)
      .default([
        {
          label: 'こころの耳（厚生労働省 働く人のメンタルヘルス・ポータルサイト）',
          labelEn: 'Kokoro no Mimi (MHLW mental-health portal for workers)',
          url: 'https://kokoro.mhlw.go.jp/',
        },
        {
          label: '人事院（職員の健康・安全）',
          labelEn: 'National Personnel Authority',
          url: 'https://www.jinji.go.jp/',
        },
      ]),
  })
  .superRefine((s, ctx) => {
    // `key` names the tab's text for people; the message stays for logs.
    const problem = (path: (string | number)[], message: string, key: string) =>
      ctx.addIssue({ code: 'custom', path, message, params: { key } });
    if (!(s.monthLevels.month45 < s.monthLevels.month80 && s.monthLevels.month80 < s.doctorInterviewMinutes))
      problem(
        ['monthLevels'],
        'month45 < month80 < doctorInterviewMinutes is required',
        'overtime.levels_order',
      );
    if (!(s.paceLevels.pace80 < s.paceLevels.pace100))
      problem(['paceLevels'], 'pace80 < pace100 is required', 'overtime.pace_order');
    if (s.heteronomous.averageMinMonths > s.heteronomous.averageMaxMonths)
      problem(
        ['heteronomous', 'averageMinMonths'],
        'must not exceed averageMaxMonths',
        'overtime.average_range',
      );
  });

export type OvertimeSettings = z.output<typeof overtimeSettingsSchema>;
export type OvertimeSettingsInput = z.input<typeof overtimeSettingsSchema>;

/** Parses stored settings (any subset) over the defaults; throws a ZodError on bad values. */
export function parseOvertimeSettings(input: unknown = {}): OvertimeSettings {
  return overtimeSettingsSchema.parse(input);
}

export const defaultOvertimeSettings: OvertimeSettings = parseOvertimeSettings({});
