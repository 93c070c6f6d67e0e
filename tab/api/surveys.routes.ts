import {
  countSurveyAudience,
  createSurvey,
  exportSurveyResults,
  getMyAnswers,
  getSurveyAudienceOptions,
  getSurveyResults,
  launchSurvey,
  listSurveys,
} from '../../contracts/tab-api/surveys.contract.ts';
import { parseOrThrow, surveyAudienceSchema } from '../../core/surveys/survey.schema.ts';
import type { SurveyService } from '../../core/surveys/survey.service.ts';
import type { SurveyRow } from '../../core/surveys/survey.table.ts';
import { surveyResultsCsv } from '../../core/surveys/survey-results.export.ts';
import { FileReply, type TabRouter } from './tab-router.ts';

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

/**
 * パルスサーベイ: the composer (hr, wlb_officer), the results (hr/admin, executives and WLB officers
 * of their bureaus; every read and export audited in the service) and a respondent's own answers
 * by their receipt code. The service decides who may do what (its rules depend on the survey);
 * refusals are audited by the router.
 */
export function registerSurveyRoutes(router: TabRouter, service: SurveyService): void {
  router.route(listSurveys, async (viewer) => ({ surveys: (await service.list(viewer)).map(summary) }));

  // The draft goes to the service as sent: it checks it with the officer's audience scope.
  router.route(createSurvey, async (viewer, _input, req) => summary(await service.create(viewer, req.body)));

  router.route(launchSurvey, async (viewer, { params: { id } }) => summary(await service.launch(viewer, id)));

  router.route(getSurveyAudienceOptions, async (viewer) => service.audienceOptions(viewer));

  router.route(countSurveyAudience, async (viewer, _input, req) => ({
    count: await service.countAudience(
      viewer,
      parseOrThrow(surveyAudienceSchema, req.body, 'The audience has problems.'),
    ),
  }));

  router.route(getSurveyResults, async (viewer, { params: { id } }) => {
    const r = await service.results(viewer, id);
    return { ...r, survey: summary(r.survey) };
  });

  router.route(exportSurveyResults, async (viewer, { params: { id } }) => {
    const r = await service.results(viewer, id, 'survey.results.export');
    return new FileReply('text/csv; charset=utf-8', `survey-${id}.csv`, surveyResultsCsv(r));
  });

  router.route(getMyAnswers, async (viewer, { params: { id }, body: { receipt } }) => {
    const r = await service.forRespondent(viewer.employee, id, receipt);
    return { survey: summary(r.survey), answers: r.answers, open: r.open };
  });
}
