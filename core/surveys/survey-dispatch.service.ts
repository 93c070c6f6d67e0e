import type { Db } from '../db/db.ts';
import { quietHoursOf } from '../org/preference.repository.ts';
import type { Logger } from '../shared/logger.ts';
import type { ProactiveMessenger } from '../shared/messenger.ts';
import { isQuietTime } from '../shared/quiet-hours.ts';
import {
  closeDue,
  type Invitee,
  openDue,
  openSurveys,
  uninvited,
  unremindedNonRespondents,
} from './survey.repository.ts';
import { INVITE_PURPOSE, REMINDER_PURPOSE, type SurveyRow } from './survey.table.ts';

/** The survey cards, rendered by bot/ (core knows no Adaptive Card templates). */
export interface SurveyCards {
  invite(survey: SurveyRow, locale: 'ja' | 'en'): object;
  reminder(survey: SurveyRow, locale: 'ja' | 'en'): object;
}

export interface SurveyDispatchDeps {
  db: Db;
  messenger: ProactiveMessenger;
  cards: SurveyCards;
  logger: Logger;
}

const PAGE = 500;
/**
 * Cards waiting for their outcome at once. sendCard resolves when the outbox has sent the card, and
 * each waiting call looks at its row; 50 keeps that cheap while the worker sends at its full pace.
 */
const IN_FLIGHT = 50;

/**
 * Puts one card per person in the outbox (core/delivery), keyed by purpose + survey + person, so a
 * person never gets the same card twice whatever runs at the same time. A card still queued when
 * the wait ends (StillQueuedError) goes out anyway: the outbox owns it from its first write.
 */
async function enqueueAll(
  deps: SurveyDispatchDeps,
  survey: SurveyRow,
  people: Invitee[],
  purpose: string,
  render: (locale: 'ja' | 'en') => object,
): Promise<number> {
  const cards = new Map<string, object>();
  const cardFor = (locale: 'ja' | 'en') => {
    let c = cards.get(locale);
    if (!c) {
      c = render(locale);
      cards.set(locale, c);
    }
    return c;
  };
  const reachable = people.filter((p): p is Invitee & { entraOid: string } => p.entraOid !== null);
  for (let i = 0; i < reachable.length; i += IN_FLIGHT)
    await Promise.allSettled(
      reachable.slice(i, i + IN_FLIGHT).map((p) =>
        deps.messenger.sendCard({ aadObjectId: p.entraOid }, cardFor(p.locale), {
          purpose,
          key: survey.id,
          priority: 'bulk',
          summary: survey.title,
        }),
      ),
    );
  return reachable.length;
}

export interface DispatchResult {
  opened: number;
  closed: number;
  invited: number;
  reminded: number;
  quiet: number;
}

/**
 * One run of the surveys job: close what is past, open what is due (the audience becomes the
 * invitee list), queue the invitations not queued yet, and after remind_at the reminder to each
 * invitee who has not answered (not in their quiet hours: a later run reaches them).
 */
export async function runSurveyDispatch(deps: SurveyDispatchDeps, now: Date): Promise<DispatchResult> {
  const result: DispatchResult = { opened: 0, closed: 0, invited: 0, reminded: 0, quiet: 0 };
  result.closed = await closeDue(deps.db, now);
  result.opened = (await openDue(deps.db, now)).length;
  for (const s of await openSurveys(deps.db)) {
    if (s.closes_at <= now) continue;
    // Bounded: a page whose rows could not be written is not read again and again in this run.
    for (let pages = Math.ceil((s.invited_count ?? 0) / PAGE) + 1; pages > 0; pages--) {
      const page = await uninvited(deps.db, s.id, PAGE);
      result.invited += await enqueueAll(deps, s, page, INVITE_PURPOSE, (l) => deps.cards.invite(s, l));
      if (page.length < PAGE) break;
    }
    if (s.remind_at && s.remind_at <= now) {
      const people = await unremindedNonRespondents(deps.db, s.id, 100_000);
      const quiet = await quietHoursOf(
        deps.db,
        people.map((p) => p.employeeId),
      );
      const awake = people.filter((p) => {
        const hours = quiet.get(p.employeeId);
        return !(hours && isQuietTime(now, hours));
      });
      result.quiet += people.length - awake.length;
      result.reminded += await enqueueAll(deps, s, awake, REMINDER_PURPOSE, (l) => deps.cards.reminder(s, l));
    }
  }
  if (result.opened + result.invited + result.reminded > 0) deps.logger.info(result, 'surveys dispatched');
  return result;
}
