import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { campaignSchema } from '../../../core/leave/campaign.schema.ts';
import type { StoredCampaign } from '../../../core/leave/leave.table.ts';
import { LEAVE_KINDS, type LeaveKind, type PlanEntry } from '../../../core/leave/leave.types.ts';
import { entriesFromCardInputs, type PlanCardModel } from '../../../core/leave/leave-plan.service.ts';
import { presetPeriod } from '../../../core/leave/period-presets.rules.ts';
import { planGrid } from '../../../core/leave/plan-grid.rules.ts';
import { MAX_CARD_BYTES } from '../cards.ts';
import { leavePlanCard, leavePlanSavedCard, lowResponseCard, sectionTableCard } from './leave.cards.ts';

const AC = createRequire(import.meta.url)(
  'adaptivecards/dist/adaptivecards.js',
) as typeof import('adaptivecards');

function campaignOf(
  kind: 'gw' | 'summer' | 'year_end',
  year: number,
  message = 'お知らせ'.repeat(500),
): StoredCampaign {
  const period = presetPeriod(kind, year);
  const deadline = kind === 'year_end' ? `${year}-12-04` : kind === 'gw' ? `${year}-04-10` : `${year}-06-19`;
  const opening = kind === 'year_end' ? `${year}-11-16` : kind === 'gw' ? `${year}-03-02` : `${year}-06-01`;
  const c = campaignSchema.parse({
    kind,
    period,
    targets: { ministryId: 'm' },
    openingDate: opening,
    deadline,
    message: { ja: message, en: message },
  });
  return {
    ...c,
    id: '00000000-0000-4000-8000-000000000001',
    title: `${year}年 休暇計画表`,
    bureauScope: null,
    createdBy: null,
    createdAt: '',
  };
}

function modelOf(campaign: StoredCampaign, entries: PlanEntry[] | undefined, note = ''): PlanCardModel {
  return {
    campaign,
    phase: 'open',
    days: planGrid(campaign.period),
    plan: entries
      ? { id: 'p', campaignId: campaign.id, employeeId: 'e', version: 1, entries, note, submittedAt: '' }
      : undefined,
    balance: {
      year: 2026,
      entitlementDays: 40,
      grantedDays: 20,
      carriedOverDays: 20,
      basis: 'computed',
      overdrawnDays: 0,
      plannedBeyondDays: 0,
      usedDays: 7.5,
      remainingDays: 32.5,
      goalDays: 15,
      toGoalDays: 7.5,
      goalReached: false,
      goalProgress: 0.5,
      plannedDays: 0,
      projectedDays: 7.5,
    },
  };
}

const inputsOf = (card: unknown): { id: string; value: string; choices: { value: string }[] }[] => {
  const out: { id: string; value: string; choices: { value: string }[] }[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.type === 'Input.ChoiceSet') out.push(o as never);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
};

function parseProblems(card: object): string[] {
  const context = new AC.SerializationContext();
  new AC.AdaptiveCard().parse(card, context);
  return Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
}

describe('the leave-plan card', () => {
  it('stays under the Teams limit for the longest period (summer, every day filled, longest message and note)', () => {
    const c = campaignOf('summer', 2026);
    const everyDay = planGrid(c.period)
      .filter((d) => d.working)
      .map((d): PlanEntry => ({ date: d.date, kind: 'special_other' }));
    for (const locale of ['ja', 'en'] as const) {
      const card = leavePlanCard(modelOf(c, everyDay, 'メモ'.repeat(250)), locale, 'リマインド');
      expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(MAX_CARD_BYTES);
      expect(parseProblems(card)).toEqual([]);
    }
  });

  it('offers one choice per working day and none on weekends or holidays, and marks bridge days', () => {
    const c = campaignOf('gw', 2026);
    const card = leavePlanCard(modelOf(c, undefined), 'ja');
    expect(inputsOf(card).map((i) => i.id)).toEqual(['d2026-04-30', 'd2026-05-01']);
    expect(JSON.stringify(card)).toContain('★ 4/30(木)');
    expect(JSON.stringify(card)).toContain('5/4(月) みどりの日');
  });

  it('shows the year-end closure as days off, with the working days around it to plan', () => {
    const card = leavePlanCard(modelOf(campaignOf('year_end', 2026), undefined), 'ja');
    const ids = inputsOf(card).map((i) => i.id);
    expect(ids).toContain('d2026-12-28');
    expect(ids).toContain('d2027-01-04');
    expect(ids.some((id) => id >= 'd2026-12-29' && id <= 'd2027-01-03')).toBe(false);
    expect(parseProblems(card)).toEqual([]);
  });

  it('gives back exactly the saved plan when the person submits the card unchanged', () => {
    const c = campaignOf('summer', 2027, 'x');
    const working = planGrid(c.period)
      .filter((d) => d.working)
      .map((d) => d.date);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...working), { maxLength: 20 }),
        fc.array(fc.constantFrom(...LEAVE_KINDS), { minLength: 20, maxLength: 20 }),
        (dates, kinds) => {
          const entries = dates.sort().map((date, i): PlanEntry => ({ date, kind: kinds[i] as LeaveKind }));
          const card = leavePlanCard(modelOf(c, entries), 'en');
          const data = Object.fromEntries(inputsOf(card).map((i) => [i.id, i.value]));
          expect(entriesFromCardInputs(data).entries.sort((a, b) => a.date.localeCompare(b.date))).toEqual(
            entries,
          );
          for (const input of inputsOf(card))
            expect(input.choices.map((ch) => ch.value)).toContain(input.value);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('shows the saved plan with an edit button while open, and the refusal banner without it once closed', () => {
    const c = campaignOf('gw', 2026, 'x');
    const saved = leavePlanSavedCard(modelOf(c, [{ date: '2026-04-30', kind: 'annual_am' }]), 'ja', true);
    expect(JSON.stringify(saved)).toContain('年休（午前）');
    expect(JSON.stringify(saved)).toContain('leave.plan.edit');
    const closed = leavePlanSavedCard({ ...modelOf(c, []), phase: 'closed' }, 'en', false);
    expect(JSON.stringify(closed)).toContain('The deadline has passed');
    expect(JSON.stringify(closed)).not.toContain('leave.plan.edit');
    expect(parseProblems(saved)).toEqual([]);
  });
});

describe("a chief's summary cards when they cover only the chief's own people", () => {
  const campaign = campaignOf('gw', 2027, 'お知らせ');
  const text = (card: object) => JSON.stringify(card);

  it('name the section with 「あなたの部下の分のみ」 instead of passing the figures off as the section’s', () => {
    const own = lowResponseCard(
      campaign,
      'ja',
      [{ name: '試験室', members: 4, responded: 1, staffOnly: true }],
      'https://x/tab/',
    );
    expect(text(own)).toContain('試験室（あなたの部下の分のみ）: 1/4人（25%）');
    const whole = lowResponseCard(
      campaign,
      'ja',
      [{ name: '試験室', members: 9, responded: 2, staffOnly: false }],
      'https://x/tab/',
    );
    expect(text(whole)).toContain('試験室: 2/9人（22%）');
    expect(text(whole)).not.toContain('部下の分のみ');
    const en = lowResponseCard(
      campaign,
      'en',
      [{ name: 'Room', members: 4, responded: 1, staffOnly: true }],
      'https://x/tab/',
    );
    expect(text(en)).toContain('Room (your own staff only): 1/4 (25%)');
  });

  it('say the same on the plan table sent after the deadline', () => {
    const card = sectionTableCard(
      campaign,
      'ja',
      {
        sectionName: '試験室',
        staffOnly: true,
        days: [],
        rows: [],
        load: [],
        members: 4,
        responded: 1,
      } as never,
      'https://x/tab/',
    );
    expect(text(card)).toContain('試験室（あなたの部下の分のみ）');
  });
});
