import { z } from 'zod';
import { ruleIssue } from '../shared/zod-errors.ts';

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
    /**
     * 特例業務 reasons the manager picks from when a cap is passed (人事院規則15-14 第16条の2の2 第2項:
     * 大規模災害への対処、重要な政策に関する法律の立案、他国又は国際機関との重要な交渉 and other urgent
     * important work). Defaults: the categories 人事院 uses in its 上限超過の要因の整理・分析・検証 summary
     * (seen as quoted in a 厚生労働省 council paper, not in 人事院's own page). HR edits the list;
     * 'other' with free text is always offered.
     */
    specialDutyReasons: z
      .array(
        z.object({ code: z.string().regex(/^[a-z0-9_]{1,40}$/), label: z.string().trim().min(1).max(60) }),
      )
      .min(1)
      .max(20)
      .default([
        { code: 'disaster', label: '大規模災害への対処' },
        { code: 'legislation', label: '重要な政策に関する法律の立案' },
        { code: 'negotiation', label: '他国又は国際機関との重要な交渉' },
        { code: 'budget', label: '予算・会計関係業務' },
        { code: 'personnel', label: '人事・給与関係業務' },
        { code: 'diet', label: '国会対応業務' },
      ])
      .refine(
        (list) =>
          new Set(list.map((r) => r.code)).size === list.length && !list.some((r) => r.code === 'other'),
        {
          message: 'codes must be unique and "other" is reserved for the free-text reason',
        },
      ),
    /**
     * The 健康管理医 (人事院規則10-4 第9条; the national service has no 産業医) or the health office that
     * receives 面接指導 requests: an employee number (reached in Teams) and/or words shown to the employee.
     */
    healthManagerContact: z
      .object({
        employeeNo: z.string().trim().min(1).max(20).optional(),
        label: z.string().trim().min(1).max(200).default('健康管理医（所属の健康管理担当）'),
      })
      .prefault({}),
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
      ruleIssue(ctx, path, message, key);
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

declare module '../settings/settings.registry.ts' {
  interface SettingSchemas {
    overtime: typeof overtimeSettingsSchema;
  }
}
