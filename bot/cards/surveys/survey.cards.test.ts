import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { SurveyRow } from '../../../core/surveys/survey.table.ts';
import { surveyAnsweredCard, surveyFormCard } from './survey.cards.ts';

// The renderer's UMD build (its ESM build has imports Node cannot load), as card-templates.test.ts.
const AC = createRequire(import.meta.url)(
  'adaptivecards/dist/adaptivecards.js',
) as typeof import('adaptivecards');

const survey: SurveyRow = {
  id: '7d3c9a52-3b0e-4b7e-9c55-0d8f5c1e2a11',
  title: 'パルスサーベイ',
  intro: '回答は匿名です。',
  series: 'pulse',
  questions: [
    { kind: 'scale', text: 'バランスは取れていた', required: true },
    { kind: 'choice', text: '定時退庁日', options: ['0回', '1回以上'], required: true },
    { kind: 'text', text: 'ご意見', required: false },
  ],
  audience: { everyone: true, bureauIds: [], sectionIds: [], roles: [], employeeIds: [] },
  opens_at: new Date('2026-11-02T00:00:00Z'),
  closes_at: new Date('2026-11-09T08:00:00Z'),
  remind_at: null,
  state: 'open',
  invited_count: 300,
  created_by: '00000000-0000-0000-0000-000000000001',
  created_at: new Date('2026-11-01T00:00:00Z'),
};

function problems(card: object): string[] {
  const context = new AC.SerializationContext();
  new AC.AdaptiveCard().parse(card, context);
  return Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
}

describe('survey cards', () => {
  it('the form is a 1.5 card Teams renders, one input per question, submitting by Action.Execute', () => {
    const card = surveyFormCard(survey, 'ja');
    expect(problems(card)).toEqual([]);
    const ids = JSON.stringify(card).match(/"id":"q\d"/g);
    expect(ids).toEqual(['"id":"q0"', '"id":"q1"', '"id":"q2"']);
    expect(card.actions).toEqual([
      expect.objectContaining({
        type: 'Action.Execute',
        verb: 'survey.submit',
        data: { surveyId: survey.id },
      }),
    ]);
    expect(JSON.stringify(card)).toContain('締切: 2026/11/09 17:00');
  });

  it('the edit form carries the receipt and the saved answers', () => {
    const card = surveyFormCard(survey, 'en', {
      receipt: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
      answers: [4, 1, 'more telework'],
    });
    expect(problems(card)).toEqual([]);
    const text = JSON.stringify(card);
    expect(text).toContain('"value":"4"');
    expect(text).toContain('"value":"1"');
    expect(text).toContain('"value":"more telework"');
    expect(card.actions?.[0]).toMatchObject({
      data: { surveyId: survey.id, receipt: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ' },
    });
  });

  it('the answered card shows the answers and the receipt; closed, it offers no edit', () => {
    const r = { receipt: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', answers: [5, 0, null], edited: false };
    const open = surveyAnsweredCard(survey, 'ja', { ...r, open: true });
    expect(problems(open)).toEqual([]);
    const text = JSON.stringify(open);
    expect(text).toContain('5 そう思う');
    expect(text).toContain('0回');
    expect(text).toContain('（無回答）');
    expect(text).toContain('ABCDE-FGHIJ-KLMNO-PQRST-UVWXY-Z');
    expect(open.actions).toEqual([expect.objectContaining({ verb: 'survey.edit' })]);
    expect(surveyAnsweredCard(survey, 'ja', { ...r, open: false }).actions).toEqual([]);
  });
});
