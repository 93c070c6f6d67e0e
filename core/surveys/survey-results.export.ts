import { floorLabel } from '../access/disclosure.rules.ts';
import { type CsvValue, toCsv } from '../shared/csv-writer.ts';
import type { SurveyResults } from './survey.service.ts';

/**
 * The results as CSV through the one writer (core/shared/csv-writer.ts): exactly the cells the
 * viewer's results page shows, hidden groups as "<floor" with the reason, free text only for shown
 * groups. One row per group, question and option.
 */
export function surveyResultsCsv(r: SurveyResults): string {
  const lines: CsvValue[][] = [
    ['level', 'bureau', 'section', 'invited', 'respondents', 'hidden', 'question', 'answer', 'count', 'mean'],
  ];
  const bureauName = new Map(r.groups.filter((g) => g.level === 'bureau').map((g) => [g.id, g.name]));
  const hiddenLabel = floorLabel(r.floor);
  for (const g of r.groups) {
    const where = [
      g.level,
      g.level === 'scope' ? '' : (bureauName.get(g.bureauId ?? '') ?? ''),
      g.level === 'section' ? g.name : '',
      g.invited,
    ];
    if (!g.questions) {
      lines.push([...where, hiddenLabel, g.hidden, '', '', '', '']);
      continue;
    }
    r.survey.questions.forEach((q, i) => {
      const res = g.questions?.[i];
      const head = [...where, g.respondents, '', `${i + 1}. ${q.text}`];
      if (!res) return;
      if (res.kind === 'scale') {
        for (const [k, n] of res.counts.entries())
          lines.push([...head, String(k + 1), n, k === 0 ? res.mean : null]);
      } else if (res.kind === 'choice') {
        for (const [k, n] of res.counts.entries())
          lines.push([...head, q.kind === 'choice' ? (q.options[k] ?? '') : String(k), n, null]);
      } else for (const text of res.texts) lines.push([...head, text, null, null]);
    });
  }
  return toCsv(lines);
}
