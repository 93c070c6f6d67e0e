import { disclosureFloor } from '../access/disclosure.service.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { isSettled, recordOf } from '../delivery/delivery-records.repository.ts';
import {
  type IsoDate,
  isWorkingDay,
  parseIsoDate,
  previousWorkingDay,
  tokyoDateOf,
  tokyoInstant,
} from '../shared/calendar.ts';
import type { Logger } from '../shared/logger.ts';
import type { ProactiveMessenger } from '../shared/messenger.ts';
import type { SuppressedCount } from '../shared/privacy.ts';
import { isQuietTime } from '../shared/quiet-hours.ts';
import { quietHoursOf } from './leave-delivery.repository.ts';
import { takenLeave } from './leave-plan.repository.ts';
import { midYearNudge } from './mid-year-nudge.rules.ts';

export interface NudgeCards {
  person(locale: 'ja' | 'en', takenDays: number, asOf: IsoDate): object;
  manager(locale: 'ja' | 'en', nudged: number | SuppressedCount, groupSize: number, asOf: IsoDate): object;
}

export interface NudgeDeps {
  db: Db;
  messenger: ProactiveMessenger;
  cards: NudgeCards;
  logger: Logger;
}

/**
 * The nudge goes out from the last working day of June at 9:30 until mid-July (so a server that
 * was down on the day still sends it once), on working days only.
 */
export function nudgeWindowOpen(now: Date): { open: boolean; year: number } {
  const today = tokyoDateOf(now);
  const year = parseIsoDate(today).y;
  const first = previousWorkingDay(`${year}-06-30`);
  return {
    open: now >= tokyoInstant(first, '09:30') && today <= `${year}-07-15` && isWorkingDay(today),
    year,
  };
}

interface Person {
  id: string;
  employee_no: string;
  entra_oid: string | null;
  locale: 'ja' | 'en';
  manager_id: string | null;
}

/** One run: nudge everyone under 5 days (once a year each), then tell each manager the count. */
export async function runMidYearNudge(
  deps: NudgeDeps,
  now: Date,
): Promise<{ people: number; managers: number }> {
  const { open, year } = nudgeWindowOpen(now);
  if (!open) return { people: 0, managers: 0 };
  const asOf = `${year}-06-30`;
  const people = await deps.db.query<Person>(sql`
    select id, employee_no, entra_oid::text as entra_oid, locale, manager_id from employee where active order by employee_no`);
  const taken = await takenLeave(
    deps.db,
    people.map((p) => p.id),
    `${year}-01-01`,
    asOf,
  );
  const result = midYearNudge(
    people.map((p) => ({ employeeNo: p.employee_no, managerId: p.manager_id })),
    taken,
    // The floor in force is the 設定 one, as for every other figure about a group.
    { year, asOf, minGroupSize: await disclosureFloor(deps.db) },
  );
  const byNo = new Map(people.map((p) => [p.employee_no, p]));
  const byId = new Map(people.map((p) => [p.id, p]));
  const quiet = await quietHoursOf(
    deps.db,
    people.map((p) => p.id),
  );
  const sent = { people: 0, managers: 0 };

  const send = async (p: Person, audience: 'employee' | 'manager', card: object) => {
    if (!p.entra_oid) return false;
    const hours = quiet.get(p.id);
    if (hours && isQuietTime(now, hours)) return false;
    // Once per person, audience and year: the outbox key is the record (leave.nudge, year:audience).
    const message = { purpose: 'leave.nudge', subject: `${year}:${audience}`, recipient: p.entra_oid };
    if (isSettled(await recordOf(deps.db, message))) return false;
    try {
      const outcome = await deps.messenger.sendCard({ aadObjectId: p.entra_oid }, card, {
        purpose: message.purpose,
        key: message.subject,
      });
      return outcome.ok;
    } catch (err) {
      deps.logger.warn({ err }, 'mid-year nudge not confirmed; the next run asks again');
      return false;
    }
  };

  for (const n of result.nudges) {
    const p = byNo.get(n.employeeNo);
    if (p && (await send(p, 'employee', deps.cards.person(p.locale, n.takenDays, asOf)))) sent.people++;
  }
  for (const m of result.managers) {
    if (m.nudged === 0) continue;
    const p = byId.get(m.managerId);
    if (p && (await send(p, 'manager', deps.cards.manager(p.locale, m.nudged, m.groupSize, asOf))))
      sent.managers++;
  }
  return sent;
}
