import type { z } from 'zod';
import { hasControlCharacters } from '../../contracts/tab-api/fields.ts';
import { calendarEventSchema } from '../../contracts/tab-api/identity.contract.ts';
import { AppError } from '../shared/errors.ts';
import { createGraphClient, isGraphError } from './graph-client.ts';
import type { OboExchanger } from './token-source.ts';

/**
 * Graph calls on the signed-in user's behalf (On-Behalf-Of): the tab's SSO token is exchanged for a
 * delegated Graph token with only the scope the call needs. Used to put a leave plan in the person's
 * own Outlook calendar; the app holds no calendar permission of its own.
 */
export { calendarEventSchema, hasControlCharacters };

export const CALENDAR_SCOPE = 'Calendars.ReadWrite';

export type CalendarEventInput = z.infer<typeof calendarEventSchema>;

export interface OboGraph {
  createCalendarEvent(
    userSsoToken: string,
    input: CalendarEventInput,
  ): Promise<{ id: string; webLink: string | null }>;
}

const addDays = (iso: string, days: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

export function createOboGraph(options: {
  baseUrl: string;
  obo: OboExchanger;
  sleep?: (ms: number) => Promise<void>;
}): OboGraph {
  const scope = `${options.baseUrl.replace(/\/$/, '')}/${CALENDAR_SCOPE}`;
  return {
    async createCalendarEvent(userSsoToken, input) {
      const token = await options.obo.exchange(userSsoToken, [scope]);
      const graph = createGraphClient({
        baseUrl: options.baseUrl,
        tokens: { getToken: async () => token },
        sleep: options.sleep,
      });
      // All-day events run from midnight to midnight after the last day, in Tokyo time.
      const body = {
        subject: input.subject,
        isAllDay: true,
        showAs: input.showAs,
        start: { dateTime: `${input.start}T00:00:00`, timeZone: 'Tokyo Standard Time' },
        end: { dateTime: `${addDays(input.end, 1)}T00:00:00`, timeZone: 'Tokyo Standard Time' },
        isReminderOn: false,
      };
      try {
        const created = await graph.post<{ id: string; webLink?: string }>('/me/events', body);
        return { id: created.id, webLink: created.webLink ?? null };
      } catch (err) {
        if (isGraphError(err) && (err.statusCode === 401 || err.statusCode === 403))
          throw new AppError('forbidden', 'Microsoft 365 did not allow writing to your calendar.');
        throw new AppError('unavailable', 'Your calendar could not be reached; please try again later.');
      }
    },
  };
}
