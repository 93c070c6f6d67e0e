import { addDays, type IsoDate } from '../shared/calendar.ts';

/**
 * The father's manager's follow sheet (seed 002:「男の産休・育休等」取得計画書兼フォローシート): once
 * the birth is known and the father consents, the manager explains the systems, encourages taking
 * leave, arranges cover and holds a talk on a date. Done when all four are recorded; reminded until.
 */

export const FOLLOW_STEPS = ['explained', 'encouraged', 'coverArranged', 'talkDate'] as const;
export type FollowStep = (typeof FOLLOW_STEPS)[number];

export interface FollowState {
  explainedAt: string | null;
  encouragedAt: string | null;
  coverArrangedAt: string | null;
  talkDate: IsoDate | null;
}

export function followDone(s: FollowState): Record<FollowStep, boolean> {
  return {
    explained: s.explainedAt !== null,
    encouraged: s.encouragedAt !== null,
    coverArranged: s.coverArrangedAt !== null,
    talkDate: s.talkDate !== null,
  };
}

export const followComplete = (s: FollowState) => Object.values(followDone(s)).every(Boolean);

/** The day the next reminder is due: every `intervalDays` after the card (or the last reminder). */
export function nextFollowReminder(
  sentOn: IsoDate,
  lastRemindedOn: IsoDate | null,
  reminders: number,
  settings: { intervalDays: number; maxReminders: number },
): IsoDate | null {
  if (reminders >= settings.maxReminders) return null;
  return addDays(lastRemindedOn ?? sentOn, settings.intervalDays);
}
