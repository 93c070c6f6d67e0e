/**
 * Which reminder round is due (pure): round k falls `afterMinutes × k` after sending started, and
 * there are at most `max` rounds. 0 = none due yet (or no reminders). A process that was down for
 * a while sends the latest due round only: a person never gets two reminders at once.
 */
export function dueReminderRound(
  startedAt: Date,
  now: Date,
  afterMinutes: number | null | undefined,
  max: number | null | undefined,
): number {
  if (!afterMinutes || afterMinutes <= 0 || !max || max <= 0) return 0;
  const elapsed = now.getTime() - startedAt.getTime();
  if (elapsed < 0) return 0;
  return Math.min(max, Math.floor(elapsed / (afterMinutes * 60_000)));
}

/** The outbox subject of round `round` of an announcement's reminders, and back. */
export const reminderSubject = (announcementId: string, round: number) => `${announcementId}:${round}`;

export function parseReminderSubject(subject: string): { announcementId: string; round: number } | undefined {
  const m = /^([0-9a-f-]{36}):(\d+)$/i.exec(subject);
  return m ? { announcementId: m[1] as string, round: Number(m[2]) } : undefined;
}
