import fc from 'fast-check';
import { addDays, type IsoDate } from '../shared/calendar.ts';
import { type Campaign, type CampaignInput, campaignSchema } from './campaign.schema.ts';

/** Test data for the leave rules: a GW 2026 campaign unless told otherwise. */

export function campaignInput(overrides: Partial<CampaignInput> = {}): CampaignInput {
  return {
    kind: 'gw',
    period: { start: '2026-04-29', end: '2026-05-06' },
    targets: { ministryId: 'mic' },
    openingDate: '2026-04-06',
    deadline: '2026-04-24',
    message: { ja: 'GWの休暇計画を入力してください', en: 'Please enter your Golden Week leave plan' },
    ...overrides,
  };
}

export function campaign(overrides: Partial<CampaignInput> = {}): Campaign {
  return campaignSchema.parse(campaignInput(overrides));
}

/** An instant in Japan: at('2026-04-24', '23:59'). */
export const at = (date: IsoDate, time = '00:00'): Date => new Date(`${date}T${time}:00+09:00`);

/** Any date from 2000-01-01 to about 2049-12. */
export const arbDate = (from: IsoDate = '2000-01-01', days = 18_250): fc.Arbitrary<IsoDate> =>
  fc.integer({ min: 0, max: days }).map((n) => addDays(from, n));

export const arbTime = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
