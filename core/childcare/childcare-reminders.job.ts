import { z } from 'zod';
import type { JobDefinition } from '../jobs/jobs.ts';
import { isValidIsoDate, isWorkingDay } from '../shared/calendar.ts';
import { type ChildcareDeps, today } from './childcare-case.ts';
import { remindManagerFollows } from './childcare-follow.service.ts';
import { sendDueReminders } from './childcare-reminders.service.ts';

const payload = z.object({
  /** The Japanese date to act for; the clock's today when absent (the daily cron). */
  on: z.string().refine(isValidIsoDate).optional(),
});

/**
 * Hourly from 9:00 to 19:00 JST: request deadlines, leave starts and the information set before the
 * birth. Most people get theirs at 9:00; someone whose quiet hours cover 9:00 gets it at the first
 * run after they end. Idempotent: each reminder's key is its key in the outbox (core/delivery), so the
 * later runs send nothing twice.
 */
export function childcareRemindersJob(deps: ChildcareDeps): JobDefinition<z.output<typeof payload>> {
  return {
    name: 'childcare-reminders',
    schema: payload,
    cron: '0 9-19 * * *',
    retryLimit: 5,
    async handler(data) {
      const on = data.on ?? today(deps);
      // No personal notices on weekends, holidays or 12/29–1/3 (SPEC §8); what is due waits for the
      // next working day (every reminder is planned for a working day ahead of its date).
      if (!isWorkingDay(on)) return;
      const counts = await sendDueReminders(deps, on);
      if (counts.sent > 0 || counts.held > 0) deps.logger.info(counts, 'childcare reminders sent');
      // The manager follow sheet (seed 002): a reminder every interval until it is complete.
      const follows = await remindManagerFollows(deps, on);
      if (follows > 0) deps.logger.info({ follows }, 'manager follow reminders sent');
    },
  };
}
