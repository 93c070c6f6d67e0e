import type { GroupResult, QuestionResult } from '../../contracts/tab-api/surveys.contract.ts';
import { type DisclosureNode, disclose } from '../access/disclosure.rules.ts';
import type { OrgUnit } from './survey.repository.ts';
import type { AnswerValue, Question } from './survey.schema.ts';
import type { AnswerRow } from './survey.table.ts';

/**
 * A survey's results for one viewer: per scope, bureau and section, each group decided by the one
 * disclosure rule (core/access/disclosure.rules.ts disclose(): primary + complementary suppression)
 * over its respondents. Every figure of a group (respondents, counts, means, free text) is a sum
 * over the same respondents, so one decision covers them all. Nobody "knows" an answer one by one
 * (they are anonymous) except the viewer's own, which counts as known in the viewer's section.
 */

export const SCOPE_GROUP = 'scope';

export type { GroupResult, QuestionResult };

export interface ResultsInput {
  questions: readonly Question[];
  answers: readonly AnswerRow[];
  /** The sections in the viewer's scope (others' answers are left out before anything is counted). */
  units: readonly OrgUnit[];
  floor: number;
  /** The viewer's own section when the viewer answered this survey (their answer is known to them). */
  viewerAnswerSection?: string | null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function aggregate(questions: readonly Question[], rows: readonly AnswerValue[][]): QuestionResult[] {
  return questions.map((q, i) => {
    const values = rows.map((r) => r[i] ?? null).filter((v) => v !== null);
    if (q.kind === 'scale') {
      const counts = [0, 0, 0, 0, 0];
      let sum = 0;
      for (const v of values) {
        const n = Number(v);
        if (n >= 1 && n <= 5) {
          counts[n - 1] = (counts[n - 1] ?? 0) + 1;
          sum += n;
        }
      }
      const answered = counts.reduce((a, b) => a + b, 0);
      return { kind: 'scale', answered, counts, mean: answered > 0 ? round2(sum / answered) : null };
    }
    if (q.kind === 'choice') {
      const counts = q.options.map(() => 0);
      for (const v of values) {
        const n = Number(v);
        if (n >= 0 && n < counts.length) counts[n] = (counts[n] ?? 0) + 1;
      }
      return { kind: 'choice', answered: counts.reduce((a, b) => a + b, 0), counts };
    }
    const texts = values.map(String).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return { kind: 'text', answered: texts.length, texts };
  });
}

export function surveyResults(input: ResultsInput): GroupResult[] {
  const unitBySection = new Map(input.units.map((u) => [u.sectionId, u]));
  const bySection = new Map<string, AnswerValue[][]>();
  for (const a of input.answers) {
    if (!unitBySection.has(a.section_id)) continue;
    const list = bySection.get(a.section_id) ?? [];
    list.push(a.answers);
    bySection.set(a.section_id, list);
  }
  const bureaus = new Map<string, { name: string; sections: OrgUnit[] }>();
  for (const u of input.units) {
    const b = bureaus.get(u.bureauId) ?? { name: u.bureauName, sections: [] };
    b.sections.push(u);
    bureaus.set(u.bureauId, b);
  }
  const known = (sectionId: string) => (input.viewerAnswerSection === sectionId ? 1 : 0);
  const sectionNode = (u: OrgUnit): DisclosureNode => {
    const size = bySection.get(u.sectionId)?.length ?? 0;
    return { id: u.sectionId, size, known: Math.min(size, known(u.sectionId)) };
  };
  const sum = (id: string, children: DisclosureNode[]): DisclosureNode => ({
    id,
    size: children.reduce((s, c) => s + c.size, 0),
    known: children.reduce((s, c) => s + c.known, 0),
    children,
  });
  const root = sum(
    SCOPE_GROUP,
    [...bureaus.entries()].map(([id, b]) => sum(id, b.sections.map(sectionNode))),
  );
  const hidden = disclose([root], input.floor);

  const group = (
    id: string,
    level: GroupResult['level'],
    name: string,
    bureauId: string | null,
    sections: readonly OrgUnit[],
  ): GroupResult => {
    const rows = sections.flatMap((s) => bySection.get(s.sectionId) ?? []);
    const reason = hidden.get(id) ?? null;
    return {
      id,
      level,
      name,
      bureauId,
      invited: sections.reduce((s, u) => s + u.invited, 0),
      hidden: reason,
      respondents: reason ? null : rows.length,
      questions: reason ? null : aggregate(input.questions, rows),
    };
  };
  const out: GroupResult[] = [group(SCOPE_GROUP, 'scope', '', null, input.units)];
  for (const [id, b] of bureaus) {
    out.push(group(id, 'bureau', b.name, id, b.sections));
    for (const s of b.sections) out.push(group(s.sectionId, 'section', s.sectionName, id, [s]));
  }
  return out;
}

export interface TrendPoint {
  groupId: string;
  question: number;
  /** The same question (by its text) in the previous round, or null when it was not asked. */
  previousQuestion: number | null;
  current: number | null;
  previous: number | null;
}

/**
 * Round over round: each 5-point question's mean per group, next to the same question (same text)
 * of the previous round. Each side is what that round's own decision shows, never a figure it hid.
 */
export function trend(
  questions: readonly Question[],
  current: readonly GroupResult[],
  previousQuestions: readonly Question[],
  previous: readonly GroupResult[],
): TrendPoint[] {
  const prevById = new Map(previous.map((g) => [g.id, g]));
  const points: TrendPoint[] = [];
  questions.forEach((q, i) => {
    if (q.kind !== 'scale') return;
    const j = previousQuestions.findIndex((p) => p.kind === 'scale' && p.text === q.text);
    for (const g of current) {
      const cur = g.questions?.[i];
      const prev = j >= 0 ? prevById.get(g.id)?.questions?.[j] : undefined;
      points.push({
        groupId: g.id,
        question: i,
        previousQuestion: j >= 0 ? j : null,
        current: cur?.kind === 'scale' ? cur.mean : null,
        previous: prev?.kind === 'scale' ? prev.mean : null,
      });
    }
  });
  return points;
}
