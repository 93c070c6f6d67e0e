import { z } from 'zod';
import { isValidIsoDate } from '../shared/calendar.ts';
import { msg } from './leave.messages.ts';
import { LEAVE_KINDS } from './leave.types.ts';

export const MAX_NOTE_LENGTH = 500;

/**
 * The shape of a plan submission (card action or tab request). Only the shape: whether the days
 * fit the campaign is leave-plan.rules.ts's job, so that every bad day can be reported at once.
 */
export const planSubmissionSchema = z.object({
  entries: z
    .array(
      z.object({
        date: z.string().refine(isValidIsoDate, { error: (issue) => msg.notADate(String(issue.input)) }),
        kind: z.enum(LEAVE_KINDS),
      }),
    )
    .max(400),
  note: z.string().trim().max(MAX_NOTE_LENGTH, msg.noteTooLong(MAX_NOTE_LENGTH)).optional(),
});

export type PlanSubmission = z.output<typeof planSubmissionSchema>;
