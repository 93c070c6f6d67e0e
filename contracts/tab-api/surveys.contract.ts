import { z } from 'zod';
import { route } from './route-contract.ts';

/**
 * パルスサーベイ (tab/api/surveys.routes.ts). The draft and the audience count are checked by
 * core/surveys (the audience's rules are the announcements' and a WLB officer's scope); these
 * routes declare the rest.
 */

export type SurveyState = 'draft' | 'scheduled' | 'open' | 'closed';
export type QuestionKind = 'scale' | 'choice' | 'text';

export interface SurveyQuestion {
  kind: QuestionKind;
  text: string;
  /** A choice question's options (2–8). */
  options?: string[];
  required: boolean;
}

export interface SurveySummary {
  id: string;
  title: string;
  series: string | null;
  state: SurveyState;
  opensAt: string;
  closesAt: string;
  remindAt: string | null;
  invited: number | null;
  questions: SurveyQuestion[];
}

export type QuestionResult =
  | { kind: 'scale'; answered: number; counts: number[]; mean: number | null }
  | { kind: 'choice'; answered: number; counts: number[] }
  /** Texts in code-point order (never in answer order), only for a shown group. */
  | { kind: 'text'; answered: number; texts: string[] };

export interface GroupResult {
  id: string;
  level: 'scope' | 'bureau' | 'section';
  name: string;
  bureauId: string | null;
  invited: number;
  /** Why nothing of this group is shown, or null (core/access/disclosure.rules.ts). */
  hidden: 'small_group' | 'complementary' | 'residual' | null;
  respondents: number | null;
  questions: QuestionResult[] | null;
}

export interface SurveyResults {
  survey: SurveySummary;
  /** False while answers can still come in or change: then only how many answered is shown. */
  final: boolean;
  floor: number;
  groups: GroupResult[];
  previous: { id: string; title: string; opensAt: string } | null;
  trend: { groupId: string; question: number; current: number | null; previous: number | null }[];
}

export type AnswerValue = number | string | null;

const byId = { params: z.object({ id: z.string() }) } as const;

export const listSurveys = route<{ surveys: SurveySummary[] }>()({ method: 'GET', path: '/surveys' });

/** A draft (hr, wlb_officer); core/surveys checks it and the officer's audience scope. */
export const createSurvey = route<SurveySummary>()({ method: 'POST', path: '/surveys' });

export const launchSurvey = route<SurveySummary>()({ method: 'POST', path: '/surveys/:id/launch', ...byId });

export const getSurveyAudienceOptions = route<{ bureaus: { id: string; name: string }[] }>()({
  method: 'GET',
  path: '/surveys-audience/options',
});

/** How many people an audience reaches (the announcements' audience without channels). */
export const countSurveyAudience = route<{ count: number }>()({
  method: 'POST',
  path: '/surveys-audience/count',
});

export const getSurveyResults = route<SurveyResults>()({
  method: 'GET',
  path: '/surveys/:id/results',
  ...byId,
});

export const exportSurveyResults = route()({
  method: 'GET',
  path: '/surveys/:id/results.csv',
  ...byId,
  download: true,
});

/** The respondent's own answers: the receipt code from their card is the key (nothing else links them). */
export const getMyAnswers = route<{ survey: SurveySummary; answers: AnswerValue[] | null; open: boolean }>()({
  method: 'POST',
  path: '/surveys/:id/my-answers',
  ...byId,
  body: z.object({
    receipt: z
      .string()
      .transform((v) => v.replace(/[\s-]/g, '').toUpperCase())
      .pipe(z.string().regex(/^[A-Z2-7]{26}$/, 'is not a receipt code')),
  }),
});
