import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { MAX_CARD_BYTES } from '../cards.ts';
import { GAP_REVIEW_VERB, gapCard, wellbeingCards } from './wellbeing.cards.ts';

const AC = createRequire(import.meta.url)(
  'adaptivecards/dist/adaptivecards.js',
) as typeof import('adaptivecards');

function problems(card: object): string[] {
  const context = new AC.SerializationContext();
  new AC.AdaptiveCard().parse(card, context);
  return Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
}

const rest = {
  lastDay: '2026-10-06',
  endedAt: '2026-10-07T01:30',
  restMinutes: 420,
  restedStart: '2026-10-07T12:30',
};
const item = {
  employeeId: '00000000-0000-4000-8000-000000000001',
  name: '中村 健太',
  date: '2026-10-06',
  gap: { loggedMinutes: 700, declaredMinutes: 600, outsideMinutes: 100 },
  declared: '09:00–19:00',
  logged: '08:50–20:40',
};

describe('the wellbeing cards', () => {
  const all = (locale: 'ja' | 'en') => [
    wellbeingCards.morningRest(locale, rest, true, 11),
    wellbeingCards.morningRest(locale, rest, false, 11),
    wellbeingCards.weeklyRestCount(
      locale,
      { from: '2026-10-05', to: '2026-10-11' },
      Array.from({ length: 40 }, (_, i) => ({ sectionName: `課${i}`, count: i % 3 ? i : null })),
      5,
      11,
    ),
    wellbeingCards.gapConfirmation(locale, item),
    gapCard(locale, item, { outcome: 'other', by: '上司 太郎', comment: '資料の読み込み' }),
    wellbeingCards.leaveOnTimeNudge(locale, '2026-10-14', '17:15'),
    wellbeingCards.stillWorking(locale, '2026-10-14', '17:15', [{ name: '中村 健太', until: '' }]),
    wellbeingCards.leaveReport(locale, {
      year: 2026,
      targetDays: 15,
      floor: 5,
      lines: [
        {
          label: '合計',
          thisYear: { perPerson: 12.4, averageStaff: 300, hidden: null },
          lastYear: { perPerson: 11.9, averageStaff: 290, hidden: null },
        },
        {
          label: '四人室局',
          thisYear: { perPerson: null, averageStaff: null, hidden: 'small_group' },
          lastYear: { perPerson: null, averageStaff: null, hidden: null },
        },
      ],
    }),
  ];

  it.each(['ja', 'en'] as const)('are valid Adaptive Cards 1.5 under the size limit (%s)', (locale) => {
    for (const card of all(locale)) {
      expect(problems(card)).toEqual([]);
      expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(MAX_CARD_BYTES);
    }
  });

  it('says whether a later start is possible, and shows the hidden count as "<5", never a number', () => {
    expect(JSON.stringify(wellbeingCards.morningRest('ja', rest, true, 11))).toContain('遅出ができます');
    expect(JSON.stringify(wellbeingCards.morningRest('ja', rest, false, 11))).not.toContain('遅出');
    const weekly = JSON.stringify(
      wellbeingCards.weeklyRestCount(
        'ja',
        { from: '2026-10-05', to: '2026-10-11' },
        [{ sectionName: '四人室', count: null }],
        5,
        11,
      ),
    );
    expect(weekly).toContain('"value":"<5"');
  });

  it('offers the four answers for that person and day, and shows the answer instead once given', () => {
    const card = wellbeingCards.gapConfirmation('ja', item) as { actions: { verb: string; data: object }[] };
    expect(card.actions.map((a) => a.verb)).toEqual(Array(4).fill(GAP_REVIEW_VERB));
    expect(card.actions.map((a) => a.data)).toContainEqual({
      employeeId: item.employeeId,
      date: item.date,
      outcome: 'self_study',
    });
    const answered = gapCard('ja', item, { outcome: 'standby', by: '上司 太郎', comment: null }) as {
      actions?: unknown;
    };
    expect(answered.actions).toBeUndefined();
    expect(JSON.stringify(answered)).toContain('待機');
  });

  it('prints a hidden leave line as "<5" and no data as a dash, never a number', () => {
    const text = JSON.stringify(
      wellbeingCards.leaveReport('ja', {
        year: 2026,
        targetDays: 15,
        floor: 5,
        lines: [
          {
            label: '小さな局',
            thisYear: { perPerson: null, averageStaff: null, hidden: 'small_group' },
            lastYear: { perPerson: null, averageStaff: null, hidden: null },
          },
        ],
      }),
    );
    expect(text).toContain('<5（—）');
  });
});
