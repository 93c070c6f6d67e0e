import { viewerDisclosure } from '../access/disclosure.service.ts';
import { accessScope } from '../access/scope.ts';
import { buildViewer } from '../access/viewer.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { findEmployeeById } from '../org/org.repository.ts';
import { readSetting } from '../settings/settings.repository.ts';
import { addDays, eachDay, isWorkingDay, tokyoDateOf } from '../shared/calendar.ts';
import type { Logger } from '../shared/logger.ts';
import type { ProactiveMessenger } from '../shared/messenger.ts';
import { shortRests } from './rest-interval.rules.ts';
import { lateStartAllowed, morningRest, previousWeek } from './rest-morning.rules.ts';
import { byPerson, type PunchRow, punchDays } from './wellbeing.repository.ts';
import { PURPOSE, type WellbeingCards } from './wellbeing-messages.types.ts';
import { activePeople, plannedLeaveOn } from './wellbeing-people.repository.ts';
import { mayReceive, type Outgoing, sendAll } from './wellbeing-send.ts';

export interface WellbeingDeps {
  db: Db;
  messenger: ProactiveMessenger;
  cards: WellbeingCards;
  logger: Logger;
}

/** The last punched day is looked for this far back (a long weekend + holidays). */
const MORNING_LOOKBACK_DAYS = 6;

/**
 * The morning card (1:1) to everyone whose rest since their last working day would be short at a
 * normal start. Working days only, never in the person's quiet hours nor to someone whose leave plan
 * has them off that morning; once per person and day (outbox key), however many runs or processes.
 */
export async function sendMorningRestCards(deps: WellbeingDeps, now: Date): Promise<number> {
  const today = tokyoDateOf(now);
  if (!isWorkingDay(today)) return 0;
  const settings = await readSetting(deps.db, 'wellbeing');
  const rows = await punchDays(deps.db, addDays(today, -MORNING_LOOKBACK_DAYS), addDays(today, -1));
  const people = new Map((await activePeople(deps.db)).map((p) => [p.id, p]));
  const off = await plannedLeaveOn(deps.db, today, 'morning');
  const key = `morning:${today}`;
  const may = await mayReceive(deps.db, PURPOSE.morningRest, [key], [...people.keys()], now);
  const out: Outgoing[] = [];
  for (const [id, days] of byPerson<PunchRow>(rows)) {
    const p = people.get(id);
    if (!p?.oid || off.has(id) || !may(id, p.oid, key)) continue;
    const rest = morningRest(days, today, settings.standardStart, settings.restIntervalHours);
    if (!rest) continue;
    out.push({
      oid: p.oid,
      purpose: PURPOSE.morningRest,
      key,
      card: deps.cards.morningRest(
        p.locale,
        rest,
        lateStartAllowed(settings, p.sectionCode),
        settings.restIntervalHours,
      ),
    });
  }
  await sendAll(deps.messenger, deps.logger, out);
  return out.length;
}

/** Short rests of the week per section, of non-managerial staff (where the day's month counts them). */
export async function weeklyShortRestsBySection(
  db: Db,
  week: { from: string; to: string },
  thresholdHours: number,
): Promise<Map<string, number>> {
  const rows = await punchDays(db, addDays(week.from, -7), week.to);
  const count = new Map<string, number>();
  for (const days of byPerson<PunchRow>(rows).values()) {
    const byDate = new Map(days.map((d) => [d.date, d]));
    for (const r of shortRests(days, thresholdHours)) {
      if (r.before < week.from || r.before > week.to) continue;
      const day = byDate.get(r.before);
      if (!day?.sectionId || day.isManagerial !== false) continue;
      count.set(day.sectionId, (count.get(day.sectionId) ?? 0) + 1);
    }
  }
  return count;
}

/**
 * Monday: each manager gets last week's count of short rests for the sections they have people in,
 * cut by the one disclosure model as the dashboard cuts that manager's view (a section the manager
 * does not wholly know and that is under the floor, or whose count would isolate a small group, is
 * shown as "<floor"). Counts only — no names. Sent only when some shown count is above zero.
 */
export async function sendWeeklyRestCounts(deps: WellbeingDeps, now: Date): Promise<number> {
  const today = tokyoDateOf(now);
  const week = previousWeek(today);
  const settings = await readSetting(deps.db, 'wellbeing');
  const counts = await weeklyShortRestsBySection(deps.db, week, settings.restIntervalHours);
  const key = `week:${week.from}`;
  const managers = await deps.db.query<{ id: string; oid: string; locale: 'ja' | 'en' }>(sql`
    select m.id::text as id, m.entra_oid::text as oid, m.locale from employee m
     where m.active and m.entra_oid is not null
       and exists (select 1 from employee e where e.manager_id = m.id and e.active)`);
  const ids = managers.map((m) => m.id);
  const may = await mayReceive(deps.db, PURPOSE.weeklyRest, [key], ids, now);
  const months = [...new Set(eachDay(week.from, week.to).map((d) => d.slice(0, 7)))];
  const names = new Map(
    (await deps.db.query<{ id: string; name: string }>(sql`select id::text as id, name from section`)).map(
      (s) => [s.id, s.name],
    ),
  );
  const out: Outgoing[] = [];
  for (const m of managers) {
    if (!may(m.id, m.oid, key)) continue;
    const employee = await findEmployeeById(deps.db, m.id);
    if (!employee) continue;
    const scope = await accessScope(deps.db, await buildViewer(deps.db, employee));
    const disclosure = await viewerDisclosure(deps.db, scope, months);
    const rows = [...scope.managedSectionIds]
      .map((id) => {
        const hidden = months.some((month) => disclosure.at(month).hidden(id) !== null);
        return { id, sectionName: names.get(id) ?? '', count: hidden ? null : (counts.get(id) ?? 0) };
      })
      .sort((a, b) => a.sectionName.localeCompare(b.sectionName, 'ja'));
    if (!rows.some((r) => (r.count ?? 0) > 0)) continue;
    out.push({
      oid: m.oid,
      purpose: PURPOSE.weeklyRest,
      key,
      card: deps.cards.weeklyRestCount(
        m.locale,
        week,
        rows.map(({ sectionName, count }) => ({ sectionName, count })),
        disclosure.floor,
        settings.restIntervalHours,
      ),
    });
  }
  await sendAll(deps.messenger, deps.logger, out);
  return out.length;
}
