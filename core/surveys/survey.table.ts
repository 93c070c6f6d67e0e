import type { AudienceSpec } from '../announcements/announcement.table.ts';
import type { AnswerValue, Question } from './survey.schema.ts';

export type SurveyState = 'draft' | 'scheduled' | 'open' | 'closed';

export interface SurveyRow {
  id: string;
  title: string;
  intro: string;
  series: string | null;
  questions: Question[];
  audience: AudienceSpec;
  opens_at: Date;
  closes_at: Date;
  remind_at: Date | null;
  state: SurveyState;
  invited_count: number | null;
  created_by: string;
  created_at: Date;
}

/** An answer row as results read it: the org unit and the answers, nothing about the person. */
export interface AnswerRow {
  id: string;
  section_id: string;
  answers: AnswerValue[];
}

/** Outbox purposes (core/delivery): with the survey id as key, each person gets each card once. */
export const INVITE_PURPOSE = 'survey.invite';
export const REMINDER_PURPOSE = 'survey.reminder';

/** Answers are accepted from the opening to the close (the card says the same). */
export const isInWindow = (s: Pick<SurveyRow, 'opens_at' | 'closes_at' | 'state'>, now: Date): boolean =>
  (s.state === 'open' || s.state === 'scheduled') && now >= s.opens_at && now < s.closes_at;
