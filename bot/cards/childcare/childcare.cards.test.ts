import * as AC from 'adaptivecards';
import { describe, expect, it } from 'vitest';
import { recomputeOnBirth } from '../../../core/childcare/childcare.rules.ts';
import { DEFAULT_CHILDCARE_SETTINGS as S } from '../../../core/childcare/childcare.settings.ts';
import { makePlan, range } from '../../../core/childcare/childcare-plan.factory.ts';
import { remindersFor } from '../../../core/childcare/childcare-reminders.rules.ts';
import { MAX_CARD_BYTES } from '../cards.ts';
import { childcareCardPort, planCard, sheetCard, wlbCard } from './childcare.cards.ts';
import { childcareTexts } from './childcare.texts.ts';
import { cardValuesOf, fieldLabel, planInputFromCard } from './childcare-sheet.form.ts';

/** Teams shows an error in place of an invalid card, so every card is parsed by the SDK here. */
function problems(card: object): string[] {
  const ac = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  ac.parse(card, ctx);
  const out: string[] = [];
  for (let i = 0; i < ctx.eventCount; i++) out.push(ctx.getEventAt(i).message);
  for (const e of ac.validateProperties().validationEvents) out.push(e.message);
  return out;
}

const plan = makePlan({
  consentToShareWithManager: true,
  ranges: [
    range('spouse_childbirth_leave', '2026-07-14', '2026-07-15'),
    range('childcare_participation_leave', '2026-07-16', '2026-07-17'),
    range('postnatal_paternity_leave', '2026-07-27', '2026-08-09'),
  ],
});

describe('childcare cards', () => {
  for (const locale of ['ja', 'en'] as const) {
    it(`renders every card as a valid Adaptive Card 1.5 under the size limit (${locale})`, () => {
      const cards = {
        emptySheet: sheetCard(locale, { caseId: 'c', version: 0 }),
        filledSheet: sheetCard(locale, {
          caseId: 'c',
          version: 1,
          plan: { ...plan, childcareArrangement: { kind: 'other', note: 'あ'.repeat(500) } },
        }),
        errorSheet: sheetCard(locale, {
          caseId: 'c',
          version: 1,
          submitted: { dueDate: 'x' },
          errors: Array.from({ length: 12 }, () => ({ where: 'w', message: 'm'.repeat(200) })),
        }),
        plan: planCard(locale, {
          caseId: 'c',
          version: 2,
          plan,
          consent: true,
          settings: S,
          birth: recomputeOnBirth(plan, '2026-07-10', S),
          saved: true,
          refreshFor: '29:x',
        }),
        wlb: wlbCard(locale, {
          caseId: 'c',
          answers: { work: 'w', life: 'l', interview: true },
          savedVersion: 1,
        }),
        info: childcareCardPort.infoSet({ caseId: 'c', occasion: 'before_birth', settings: S }, locale),
        reminder: childcareCardPort.reminder(
          {
            item: remindersFor(plan, S, '2026-07-01').find((i) => i.type === 'request_deadline')!,
            plan,
            settings: S,
          },
          locale,
        ),
        manager: childcareCardPort.managerPlan(
          { caseId: 'c', version: 1, employeeName: '中村 健太', ranges: plan.ranges, acknowledged: false },
          locale,
        ),
        withdrawn: childcareCardPort.managerWithdrawn({ employeeName: '中村 健太' }, locale),
      };
      for (const [name, card] of Object.entries(cards)) {
        expect(problems(card), name).toEqual([]);
        expect(Buffer.byteLength(JSON.stringify(card)), name).toBeLessThan(MAX_CARD_BYTES);
        expect(JSON.stringify(card), name).not.toMatch(/\$\{/);
      }
    });
  }

  it('shows the goals in plain words and the request deadline on the saved plan', () => {
    const shown = JSON.stringify(
      planCard('ja', { caseId: 'c', version: 1, plan, consent: false, settings: S }),
    );
    expect(shown).toContain('あと1日で5日目標');
    expect(shown).toContain('2週間目標を達成');
    expect(shown).toContain('2026年7月13日（月）までに請求');
  });

  it('never puts the spouse’s details on the manager’s card', () => {
    const card = JSON.stringify(
      childcareCardPort.managerPlan(
        { caseId: 'c', version: 1, employeeName: '中村 健太', ranges: plan.ranges, acknowledged: true },
        'ja',
      ),
    );
    expect(card).not.toMatch(/出産予定日|配偶者の状況|working|family_at_home/);
    expect(card).toContain('手配済み');
  });

  it('round-trips a plan through the card inputs and names fields as the card does', () => {
    const t = childcareTexts('ja');
    const values = cardValuesOf(plan);
    const { input, rangeLabels } = planInputFromCard(values, t);
    expect(input.ranges).toEqual(plan.ranges.map((r) => ({ kind: r.kind, start: r.start, end: r.end })));
    expect(input.consentToShareWithManager).toBe(true);
    expect(fieldLabel('ranges.2.end', rangeLabels, t)).toBe('産後パパ育休 1回目・終了日');
    expect(fieldLabel('dueDate', rangeLabels, t)).toBe('出産予定日');
  });
});
