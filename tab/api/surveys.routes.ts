import { z } from 'zod';
import { audienceSchema } from '../../core/announcements/announcement.schema.ts';
import { parseOrThrow } from '../../core/surveys/survey.schema.ts';
import type { SurveyService } from '../../core/surveys/survey.service.ts';
import type { SurveyRow } from '../../core/surveys/survey.table.ts';
import { surveyResultsCsv } from '../../core/surveys/survey-results.export.ts';
import { FileReply, type TabRouter } from './tab-router.ts';

const idOf = (req: { params?: Record<string, string> }) => req.params?.id ?? '';

const summary = (s: SurveyRow) => ({
  id: s.id,
  title: s.title,
  series: s.series,
  state: s.state,
  opensAt: s.opens_at,
  closesAt: s.closes_at,
  remindAt: s.remind_at,
  invited: s.invited_count,
  questions: s.questions,
});

const receiptBody = z.object({
  receipt: z
    .string()
    .transform((v) => v.replace(/[\s-]/g, '').toUpperCase())
    .pipe(z.string().regex(/^[A-Z2-7]{26}$/, 'is not a receipt code')),
});

/**
 * パルスサーベイ: the composer (hr, wlb_officer), the results (hr/admin, executives and WLB officers
 * of their bureaus; every read and export audited in the service) and a respondent's own answers
 * by their receipt code. Refusals are audited by the router.
 */
export function registerSurveyRoutes(router: TabRouter, service: SurveyService): void {
  router.get('/surveys', async (viewer) => ({ surveys: (await service.list(viewer)).map(summary) }));

  router.post('/surveys', async (viewer, req) => summary(await service.create(viewer, req.body)));

  router.post('/surveys/:id/launch', async (viewer, req) => summary(await service.launch(viewer, idOf(req))));

  router.get('/surveys-audience/options', async (viewer) => service.audienceOptions(viewer));

  router.post('/surveys-audience/count', async (viewer, req) => ({
    count: await service.countAudience(
      viewer,
      parseOrThrow(
        audienceSchema.omit({ allTeams: true, teamIds: true }),
        req.body,
        'The audience has problems.',
      ),
    ),
  }));

  router.get('/surveys/:id/results', async (viewer, req) => {
    const r = await service.results(viewer, idOf(req));
    return { ...r, survey: summary(r.survey) };
  });

  router.download('/surveys/:id/results.csv', async (viewer, req) => {
    const r = await service.results(viewer, idOf(req), 'survey.results.export');
    return new FileReply('text/csv; charset=utf-8', `survey-${idOf(req)}.csv`, surveyResultsCsv(r));
  });

  /** The respondent's own answers: the receipt code from their card is the key (nothing else links them). */
  router.post('/surveys/:id/my-answers', async (viewer, req) => {
    const { receipt } = parseOrThrow(receiptBody, req.body, 'The receipt code has problems.');
    const r = await service.forRespondent(viewer.employee, idOf(req), receipt);
    return { survey: summary(r.survey), answers: r.answers, open: r.open };
  });
}
