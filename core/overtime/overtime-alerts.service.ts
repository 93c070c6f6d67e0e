import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { monthOf, tokyoDateOf } from '../shared/calendar.ts';
import type { Logger } from '../shared/logger.ts';
import type { ProactiveMessenger } from '../shared/messenger.ts';
import { metrics } from '../shared/metrics.ts';
import { overtimeYearStart, shiftMonth, type YearMonth } from '../shared/year-month.ts';
import { type AlertInput, alertsDue, projectMonthEnd } from './overtime.rules.ts';
import type { OvertimeSettings } from './overtime.settings.ts';
import {
  alertCandidates,
  enqueueAlertMessages,
  insertAlerts,
  monthlyHistory,
  type NewAlert,
  type NewAlertMessage,
  quietHoursOf,
  recipientsOf,
  wlbOfficersOf,
} from './overtime-alert.repository.ts';
import type { AlertView } from './overtime-alert-view.repository.ts';
import { sendableFrom } from './overtime-delivery.rules.ts';
import { heteronomousEarlier } from './special-duty.repository.ts';
import { specialDutyDue } from './special-duty.rules.ts';

/** The cards the alerts send; bot/cards/overtime implements them (core stays free of Teams). */
export interface OvertimeCards {
  /** The 100 h card: actions for the one who may act (manager, or the manager's manager after escalation). */
  alert100(
    view: AlertView,
    recipient: { id: string; oid: string | null; locale: 'ja' | 'en' },
    settings: OvertimeSettings,
  ): object;
  /** Any other level; `interviewOffer` for the employee's 80 h notices (面接指導を申し出る). */
  alert(view: AlertView, locale: 'ja' | 'en', options?: { interviewOffer?: boolean }): object;
  /** A cap passed: the manager designates 特例業務 (人事院規則15-14 第16条の2の2). */
  specialDuty(
    view: AlertView,
    recipient: { id: string; oid: string | null; locale: 'ja' | 'en' },
    settings: OvertimeSettings,
    designation?: { reasonLabel: string; reasonText: string | null },
  ): object;
  /** To the 健康管理医 contact: an employee asks for 面接指導. */
  interviewRequest(view: AlertView, locale: 'ja' | 'en'): object;
  healthNotice(view: AlertView, locale: 'ja' | 'en', settings: OvertimeSettings): object;
  followUpReminder(
    view: AlertView,
    recipient: { id: string; oid: string | null; locale: 'ja' | 'en' },
    kind: 'reminder' | 'escalation',
    settings: OvertimeSettings,
  ): object;
}

export interface OvertimeDeps {
  db: Db;
  messenger: ProactiveMessenger;
  cards: OvertimeCards;
  logger: Logger;
  now: () => Date;
  settings: () => Promise<OvertimeSettings>;
  /** The deployment's quiet-hours rule: whether the 100 h card to managers ignores quiet hours. */
  alert100Exempt: () => Promise<boolean>;
}

/**
 * Evaluates the month(s) and records every alert that is due and not yet recorded, with one
 * outbox message per recipient. Returns how many alerts were new. Two runners may do this at the
 * same time: the unique key lets one of them insert each alert, and only that one adds deliveries.
 */
export async function raiseAlerts(deps: OvertimeDeps, months: readonly YearMonth[]): Promise<number> {
  const { db } = deps;
  const settings = await deps.settings();
  const now = deps.now();
  const today = tokyoDateOf(now);
  const current = monthOf(today);
  let raised = 0;
  for (const month of [...new Set(months)].sort()) {
    if (month > current) continue;
    const projectionProbe =
      month === current ? projectMonthEnd({ month, asOf: today, minutesSoFar: 0 }) : undefined;
    const paceReady =
      projectionProbe?.basis === 'pace' &&
      projectionProbe.workingDaysElapsed >= settings.paceMinWorkingDaysElapsed;
    // Projected ≥ pace80 ⇔ so far ≥ pace80 × elapsed / total.
    const paceBar = paceReady
      ? Math.floor(
          (settings.paceLevels.pace80 * projectionProbe.workingDaysElapsed) /
            projectionProbe.workingDaysInMonth,
        )
      : Number.MAX_SAFE_INTEGER;
    const het = settings.heteronomous;
    const candidates = await alertCandidates(db, month, {
      monthMinutes: Math.min(settings.monthLevels.month45, paceBar, settings.doctorInterviewMinutes),
      inOfficeMinutes: settings.doctorInterviewMinutes,
      standardAnnual: settings.standard.annualCapMinutes,
      heteronomousAnnual: het.annualCapMinutes,
      averageWindowFrom: shiftMonth(month, -(het.averageMaxMonths - 1)),
      averageWindowMinutes: het.averageCapMinutes * het.averageMinMonths,
      monthsOverLimit: het.monthsOverLimit,
    });
    if (candidates.length === 0) continue;

    const from = [
      overtimeYearStart(month),
      shiftMonth(month, -(het.averageMaxMonths - 1)),
    ].sort()[0] as YearMonth;
    const history = await monthlyHistory(
      db,
      candidates.map((c) => c.employeeId),
      from,
      shiftMonth(month, -1),
    );
    const people = await peopleOf(
      db,
      candidates.map((c) => c.employeeId),
    );
    // 第16条の2の2 第1項第1号ロ: who worked in a 他律 section earlier in this overtime year.
    const movedFromHeteronomous = await heteronomousEarlier(
      db,
      candidates.filter((c) => !c.heteronomous).map((c) => c.employeeId),
      overtimeYearStart(month),
      month,
    );
    const alerts: (NewAlert & { recipients: ReturnType<typeof alertsDue>[number]['recipients'] })[] = [];
    for (const c of candidates) {
      const person = people.get(c.employeeId);
      if (!person) continue;
      const alertInput: AlertInput = {
        month,
        sectionKind: c.heteronomous ? 'heteronomous' : 'standard',
        isManagerial: c.isManagerial,
        monthToDateMinutes: c.monthMinutes,
        monthToDateInOfficeMinutes: c.inOfficeMinutes,
        projection:
          month === current
            ? projectMonthEnd({ month, asOf: today, minutesSoFar: c.monthMinutes })
            : undefined,
        history: history.get(c.employeeId) ?? [],
        heteronomousEarlierInYear: movedFromHeteronomous.has(c.employeeId),
      };
      const due = [...alertsDue(alertInput, settings), ...specialDutyDue(alertInput, settings)];
      for (const d of due)
        alerts.push({
          employeeId: c.employeeId,
          period: d.period,
          level: d.level,
          valueMinutes: d.valueMinutes,
          thresholdMinutes: d.thresholdMinutes,
          detail: {
            month,
            basis: d.basis,
            windows: d.windows?.map((w) => ({
              months: w.months,
              averageMinutes: Math.round(w.averageMinutes),
            })),
            monthsOver: d.monthsOver,
          },
          raisedOn: today,
          followUp: d.level === 'month100' && person.managerId ? 'open' : 'none',
          managerId: person.managerId,
          recipients: d.recipients,
        });
    }
    raised += await recordAlerts(deps, alerts, people, now);
  }
  return raised;
}

interface Person {
  managerId: string | null;
  bureauId: string;
}

async function peopleOf(db: Db, ids: readonly string[]): Promise<Map<string, Person>> {
  const rows = await db.query<{ id: string; manager_id: string | null; bureau_id: string }>(sql`
    select e.id, e.manager_id, s.bureau_id from employee e join section s on s.id = e.section_id where e.id = any(${ids}::uuid[])`);
  return new Map(rows.map((r) => [r.id, { managerId: r.manager_id, bureauId: r.bureau_id }]));
}

async function recordAlerts(
  deps: OvertimeDeps,
  alerts: readonly (NewAlert & { recipients: ReturnType<typeof alertsDue>[number]['recipients'] })[],
  people: Map<string, Person>,
  now: Date,
): Promise<number> {
  if (alerts.length === 0) return 0;
  const officers = await wlbOfficersOf(deps.db, [...new Set([...people.values()].map((p) => p.bureauId))]);
  const exempt = await deps.alert100Exempt();
  const inserted = await deps.db.transaction(async (tx) => {
    const inserted = await insertAlerts(tx, alerts);
    const byKey = new Map(alerts.map((a) => [`${a.employeeId}:${a.level}`, a]));
    const deliveries: {
      alertId: number;
      recipientId: string;
      recipientRole: string;
      kind: NewAlertMessage['kind'];
    }[] = [];
    for (const row of inserted) {
      const alert = byKey.get(`${row.employeeId}:${row.level}`);
      const person = people.get(row.employeeId);
      if (!alert || !person) continue;
      for (const r of alert.recipients) {
        const kind = r.message === 'health_notice' ? 'health_notice' : 'alert';
        const ids =
          r.role === 'employee'
            ? [row.employeeId]
            : r.role === 'manager'
              ? person.managerId
                ? [person.managerId]
                : []
              : officers.filter((o) => o.bureauId === person.bureauId).map((o) => o.employeeId);
        for (const id of ids)
          if (id !== row.employeeId || r.role === 'employee')
            deliveries.push({ alertId: row.id, recipientId: id, recipientRole: r.role, kind });
      }
    }
    const ids = [...new Set(deliveries.map((d) => d.recipientId))];
    const quiet = await quietHoursOf(tx, ids);
    const who = await recipientsOf(tx, ids);
    const levelOf = new Map(inserted.map((r) => [r.id, r.level]));
    // One outbox row per (alert, recipient, kind), in the same transaction as the alert: an alert
    // is never recorded without its messages. The outbox sends them; quiet hours are its ready_at.
    await enqueueAlertMessages(
      tx,
      deliveries.map((d) => {
        const manager100 = levelOf.get(d.alertId) === 'month100' && d.recipientRole === 'manager';
        return {
          alertId: d.alertId,
          recipientId: d.recipientId,
          oid: who.get(d.recipientId)?.oid ?? null,
          kind: d.kind,
          // A 100 h alert to the manager is urgent: claimed before reminders and any broadcast.
          urgent: manager100,
          notBefore: exempt && manager100 ? now : sendableFrom(now, quiet.get(d.recipientId)!),
        };
      }),
    );
    return inserted;
  });
  // Counted after the commit, and only the alerts this runner inserted (the unique key decides).
  for (const row of inserted) metrics.alerts.inc({ threshold: row.level });
  return inserted.length;
}
