import { auditPersonalReadBy } from '../access/scope.ts';
import { readSetting } from '../settings/settings.repository.ts';
import { tokyoDateOf, tokyoTimeOf } from '../shared/calendar.ts';
import { isLeaveOnTimeDay, stillWorkingAfter } from './leave-on-time.rules.ts';
import type { WellbeingDeps } from './rest-morning.service.ts';
import { punchDays } from './wellbeing.repository.ts';
import { PURPOSE } from './wellbeing-messages.types.ts';
import { activePeople, leaveOnTimeOptOuts, plannedLeaveOn } from './wellbeing-people.repository.ts';
import { mayReceive, type Outgoing, sendAll } from './wellbeing-send.ts';

/**
 * On a 定時退庁日, from the nudge time (設定) until the end of the day's hours: the nudge (1:1) to
 * everyone who has not opted out, is not on leave today (a whole day planned in a leave plan, or
 * imported as leave) and is outside their quiet hours. Once per person and day, however many runs
 * or processes (the outbox key).
 */
export async function sendLeaveOnTimeNudges(deps: WellbeingDeps, now: Date): Promise<number> {
  const today = tokyoDateOf(now);
  const settings = await readSetting(deps.db, 'wellbeing');
  if (!isLeaveOnTimeDay(today, settings)) return 0;
  const time = tokyoTimeOf(now);
  if (time < settings.leaveOnTimeNudgeAt || time >= settings.leaveOnTimeEndsAt) return 0;
  const [people, optedOut, planned, todayRows] = await Promise.all([
    activePeople(deps.db),
    leaveOnTimeOptOuts(deps.db),
    plannedLeaveOn(deps.db, today, 'afternoon'),
    punchDays(deps.db, today, today),
  ]);
  const onLeave = new Set(todayRows.filter((d) => d.onLeave).map((d) => d.employeeId));
  const key = `nudge:${today}`;
  const ids = people.map((p) => p.id);
  const may = await mayReceive(deps.db, PURPOSE.leaveOnTime, [key], ids, now);
  const out: Outgoing[] = [];
  for (const p of people) {
    if (!p.oid || optedOut.has(p.id) || planned.has(p.id) || onLeave.has(p.id)) continue;
    if (!may(p.id, p.oid, key)) continue;
    out.push({
      oid: p.oid,
      purpose: PURPOSE.leaveOnTime,
      key,
      card: deps.cards.leaveOnTimeNudge(p.locale, today, settings.leaveOnTimeEndsAt),
    });
  }
  await sendAll(deps.messenger, deps.logger, out);
  return out.length;
}

/**
 * From the list time (設定) on a 定時退庁日, for two hours: each manager gets, 1:1, the list of their
 * direct reports still working after the hour (声かけ). Direct reports only, so nobody is ever listed
 * to someone outside their line, and each person appears on one list. The list is a personal read by
 * the manager: audited once per list. Never in the manager's quiet hours.
 */
export async function sendStillWorkingLists(deps: WellbeingDeps, now: Date): Promise<number> {
  const today = tokyoDateOf(now);
  const settings = await readSetting(deps.db, 'wellbeing');
  if (!isLeaveOnTimeDay(today, settings)) return 0;
  const time = tokyoTimeOf(now);
  const [lh, lm] = settings.leaveOnTimeListAt.split(':').map(Number) as [number, number];
  const until = `${String(Math.min(23, lh + 2)).padStart(2, '0')}:${String(lm).padStart(2, '0')}`;
  if (time < settings.leaveOnTimeListAt || time >= until) return 0;
  const [people, rows] = await Promise.all([activePeople(deps.db), punchDays(deps.db, today, today)]);
  const byId = new Map(people.map((p) => [p.id, p]));
  const dayOf = new Map(rows.map((r) => [r.employeeId, r]));
  const lists = new Map<string, { id: string; name: string; until: string }[]>();
  for (const p of people) {
    if (!p.managerId) continue;
    const last = stillWorkingAfter(dayOf.get(p.id), today, settings.leaveOnTimeEndsAt);
    if (last === null) continue;
    const list = lists.get(p.managerId) ?? [];
    list.push({ id: p.id, name: p.name, until: last });
    lists.set(p.managerId, list);
  }
  const key = `list:${today}`;
  const may = await mayReceive(deps.db, PURPOSE.stillWorking, [key], [...lists.keys()], now);
  const out: Outgoing[] = [];
  for (const [managerId, list] of lists) {
    const m = byId.get(managerId);
    if (!m?.oid || !may(managerId, m.oid, key)) continue;
    out.push({
      oid: m.oid,
      purpose: PURPOSE.stillWorking,
      key,
      card: deps.cards.stillWorking(
        m.locale,
        today,
        settings.leaveOnTimeEndsAt,
        list.map(({ name, until: u }) => ({ name, until: u })),
      ),
      onQueued: () =>
        auditPersonalReadBy(deps.db, managerId, {
          action: 'wellbeing.still_working.list',
          subjectIds: list.map((l) => l.id),
          detail: { date: today, channel: 'bot' },
        }),
    });
  }
  await sendAll(deps.messenger, deps.logger, out);
  return out.length;
}
