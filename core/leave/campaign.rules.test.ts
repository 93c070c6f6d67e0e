import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { at, campaign, campaignInput } from '../../test/fixtures/leave.factories.ts';
import { AppError } from '../shared/errors.ts';
import {
  assertAcceptingPlans,
  campaignPhase,
  checkCampaign,
  closesAt,
  opensAt,
  parseCampaign,
} from './campaign.rules.ts';
import { summerPeriod } from './period-presets.rules.ts';

const errorsOf = (input: unknown, now?: Date) => {
  const result = checkCampaign(input, now ? { now } : {});
  return result.ok ? [] : result.errors;
};
const wheres = (input: unknown, now?: Date) => errorsOf(input, now).map((e) => e.where);

describe('campaign definition', () => {
  it('fills in the defaults: 9:30 reminders at opening, 3 and 1 days before; 3 summer days; half days; 50% cover', () => {
    const c = parseCampaign(campaignInput());
    expect(c.reminders).toEqual({ time: '09:30', atOpening: true, daysBeforeDeadline: [3, 1] });
    expect(c.summerMaxDays).toBe(3);
    expect(c.halfDayAllowed).toBe(true);
    expect(c.coverageWarningShare).toBe(0.5);
    expect(c.lowResponseRate).toBe(0.8);
    expect(c.targets).toEqual({ ministryId: 'mic', bureauIds: [], sectionIds: [] });
  });

  it('offers summer leave only in a summer campaign unless HR lists it', () => {
    expect(campaign().allowedKinds).not.toContain('summer');
    const summer = campaign({
      kind: 'summer',
      period: summerPeriod(2026),
      openingDate: '2026-06-01',
      deadline: '2026-06-19',
    });
    expect(summer.allowedKinds).toEqual(['annual_full', 'annual_am', 'annual_pm', 'summer', 'special_other']);
  });

  it('accepts bureau or section targets without the whole ministry', () => {
    expect(wheres(campaignInput({ targets: { sectionIds: ['sec-1'] } }))).toEqual([]);
    expect(wheres(campaignInput({ targets: { bureauIds: ['b-1'] } }))).toEqual([]);
  });

  it('names each field that is wrong', () => {
    expect(wheres(campaignInput({ targets: {} }))).toEqual(['targets']);
    expect(wheres(campaignInput({ targets: { bureauIds: [], sectionIds: [] } }))).toEqual(['targets']);
    expect(wheres(campaignInput({ period: { start: '2026-05-06', end: '2026-04-29' } }))).toContain(
      'period.end',
    );
    expect(wheres(campaignInput({ period: { start: '2026-04-31', end: '2026-05-06' } }))).toEqual([
      'period.start',
    ]);
    expect(wheres(campaignInput({ period: { start: '2026-04-29', end: '2026-08-31' } }))).toEqual([
      'period.end',
    ]);
    expect(wheres(campaignInput({ reminders: { time: '21:00' } }))).toEqual(['reminders.time']);
    expect(wheres(campaignInput({ reminders: { time: '07:59' } }))).toEqual(['reminders.time']);
    expect(wheres(campaignInput({ reminders: { daysBeforeDeadline: [3, 3] } }))).toEqual([
      'reminders.daysBeforeDeadline',
    ]);
    expect(wheres(campaignInput({ summerMaxDays: 4 }))).toEqual(['summerMaxDays']);
    expect(wheres(campaignInput({ coverageWarningShare: 0 }))).toEqual(['coverageWarningShare']);
    expect(wheres(campaignInput({ message: { ja: '  ' } }))).toEqual(['message.ja']);
  });

  it('wants the deadline on or after the opening and before the period starts', () => {
    const deadline = (d: string) => errorsOf(campaignInput({ deadline: d }));
    expect(deadline('2026-04-03')[0]).toMatchObject({
      where: 'deadline',
      message: expect.stringContaining('受付開始日より前'),
    });
    expect(deadline('2026-05-08')[0]).toMatchObject({
      where: 'deadline',
      message: expect.stringContaining('after the end of the period'),
    });
    expect(deadline('2026-04-29')[0]).toMatchObject({
      where: 'deadline',
      message: expect.stringContaining('before the period starts'),
    });
    expect(deadline('2026-04-28')).toEqual([]);
    expect(deadline('2026-04-06')).toEqual([]);
  });

  it('keeps a summer campaign within July–September and summer leave to periods that touch it', () => {
    expect(
      wheres(
        campaignInput({
          kind: 'summer',
          period: { start: '2026-06-20', end: '2026-07-31' },
          deadline: '2026-06-10',
        }),
      ),
    ).toEqual(['period']);
    expect(wheres(campaignInput({ allowedKinds: ['annual_full', 'summer'] }))).toEqual(['allowedKinds']);
    expect(
      wheres(
        campaignInput({
          kind: 'custom',
          period: { start: '2026-06-20', end: '2026-07-10' },
          deadline: '2026-06-12',
          allowedKinds: ['summer'],
        }),
      ),
    ).toEqual([]);
  });

  it('refuses half-day kinds when half days are switched off', () => {
    expect(
      wheres(campaignInput({ halfDayAllowed: false, allowedKinds: ['annual_full', 'annual_am'] })),
    ).toEqual(['allowedKinds']);
    expect(wheres(campaignInput({ halfDayAllowed: false }))).toEqual([]);
  });

  it('refuses a deadline that has passed when told the time', () => {
    expect(wheres(campaignInput(), at('2026-04-24', '23:00'))).toEqual([]);
    expect(wheres(campaignInput(), at('2026-04-25', '00:00'))).toEqual(['deadline']);
  });

  it('throws one bad_request AppError with all the field errors', () => {
    try {
      parseCampaign(campaignInput({ targets: {}, reminders: { time: '23:00' } }));
      expect.fail('should throw');
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('bad_request');
      expect((err as AppError).fields.map((f) => f.where).sort()).toEqual(['reminders.time', 'targets']);
    }
  });

  it('answers any input with a campaign or field errors, never a crash', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const result = checkCampaign(input);
        if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
      }),
    );
    expect(checkCampaign({ ...campaignInput(), targets: undefined }).ok).toBe(false);
  });

  it('never accepts a deadline outside [opening, period start)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -40, max: 40 }), fc.integer({ min: -40, max: 40 }), (o, d) => {
        const day = (n: number) => new Date(Date.UTC(2026, 3, 29 + n)).toISOString().slice(0, 10);
        const input = campaignInput({ openingDate: day(o), deadline: day(d) });
        const ok = checkCampaign(input).ok;
        expect(ok).toBe(d >= o && d < 0);
      }),
    );
  });
});

describe('campaign window', () => {
  const c = campaign();

  it('opens at 00:00 Tokyo on the opening day and closes at the end of the deadline day', () => {
    expect(opensAt(c).toISOString()).toBe('2026-04-05T15:00:00.000Z');
    expect(closesAt(c).toISOString()).toBe('2026-04-24T15:00:00.000Z');
    expect(campaignPhase(c, at('2026-04-05', '23:59'))).toBe('scheduled');
    expect(campaignPhase(c, at('2026-04-06'))).toBe('open');
    expect(campaignPhase(c, at('2026-04-24', '23:59'))).toBe('open');
    expect(campaignPhase(c, at('2026-04-25'))).toBe('closed');
  });

  it('refuses plans after the deadline with gone, and before the opening with conflict', () => {
    expect(() => assertAcceptingPlans(c, at('2026-04-24', '23:59'))).not.toThrow();
    expect(() => assertAcceptingPlans(c, at('2026-04-25', '00:00'))).toThrow(
      expect.objectContaining({
        code: 'gone',
        message: expect.stringContaining('締切（2026年4月24日(金)）を過ぎた'),
      }),
    );
    expect(() => assertAcceptingPlans(c, at('2026-04-01'))).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
  });
});
