import { surveyFormCard } from '../../bot/cards/surveys/survey.cards.ts';
import { surveysFeature } from '../../bot/handlers/surveys.feature.ts';
import { seedSurveysDemo } from '../../core/surveys/survey.demo.ts';
import { createSurveyService } from '../../core/surveys/survey.service.ts';
import { surveyDispatchJob } from '../../core/surveys/survey-dispatch.job.ts';
import { registerSurveyRoutes } from '../../tab/api/surveys.routes.ts';
import type { AppModule, ModuleContext } from '../module.ts';

/**
 * パルスサーベイ (issue 20): the capability's parts wired together in one place — the service, the
 * bot's card verbs, the dispatch job (opening, invitations, one reminder; all through the outbox)
 * and the tab's composer and results routes.
 */
export function surveysModule(ctx: ModuleContext): AppModule {
  const service = createSurveyService({ db: ctx.db, now: ctx.now });
  const cards = {
    invite: (s: Parameters<typeof surveyFormCard>[0], locale: 'ja' | 'en') => surveyFormCard(s, locale),
    reminder: (s: Parameters<typeof surveyFormCard>[0], locale: 'ja' | 'en') =>
      surveyFormCard(s, locale, { reminder: true }),
  };
  return {
    name: 'surveys',
    bot: surveysFeature(service),
    jobs: [
      surveyDispatchJob({ db: ctx.db, messenger: ctx.messenger, cards, logger: ctx.logger, now: ctx.now }),
    ] as never[],
    tabRoutes: (router) => registerSurveyRoutes(router, service),
    seedDemo: () => seedSurveysDemo(ctx.db, ctx.now()),
  };
}
