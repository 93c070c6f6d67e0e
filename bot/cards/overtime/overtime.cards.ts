import type { Locale } from '../../../core/org/org.table.ts';
import {
  FOLLOW_UP_ACTIONS,
  renderDoctorInterviewNotice,
} from '../../../core/overtime/doctor-interview.notice.ts';
import { overtimeMessages } from '../../../core/overtime/overtime.messages.ts';
import type { OvertimeSettings } from '../../../core/overtime/overtime.settings.ts';
import type { AlertView } from '../../../core/overtime/overtime-alert-view.repository.ts';
import type { OvertimeCards } from '../../../core/overtime/overtime-alerts.service.ts';
import { mayAct } from '../../../core/overtime/overtime-follow-up.service.ts';
import type { BureauReportRow } from '../../../core/overtime/overtime-report.service.ts';
import type { OvertimeSummary } from '../../../core/overtime/overtime-summary.service.ts';
import { type CardJson, renderCard } from '../cards.ts';
import { interviewRequestCard, specialDutyCard } from './special-duty.cards.ts';

export const FOLLOW_UP_VERB = 'overtime.followUp';
export const REFRESH_VERB = 'overtime.alert.refresh';

/** Six rows of "month | hours | bar": a chart that renders in every Teams client. */
export function monthRows(months: readonly { month: string; minutes: number }[], locale: Locale) {
  const t = overtimeMessages(locale);
  return months.map((m) => ({
    label: locale === 'ja' ? `${Number(m.month.slice(5, 7))}月` : m.month,
    hours: t.hours(m.minutes),
    // One block per 10 h, at most 15 (150 h): enough to see 45 / 80 / 100 at a glance.
    bar: '▇'.repeat(Math.min(15, Math.round(m.minutes / 600))) || '·',
    color: m.minutes >= 100 * 60 ? 'Attention' : m.minutes >= 80 * 60 ? 'Warning' : 'Default',
  }));
}

function historyLines(view: AlertView, locale: Locale): string[] {
  const t = overtimeMessages(locale);
  if (view.actions.length === 0) return [t.noFollowUpYet];
  const label = (id: string) => FOLLOW_UP_ACTIONS.find((a) => a.id === id)?.text[locale] ?? id;
  const lines = view.actions.map(
    (a) => `${a.at.slice(0, 16)} ${a.actorName}: ${label(a.action)}${a.comment ? ` — ${a.comment}` : ''}`,
  );
  // The card must stay under Teams' 40 KB: the latest ten here, all of them in the tab.
  return lines.length > 10 ? [`… (+${lines.length - 10})`, ...lines.slice(-10)] : lines;
}

export interface Alert100Options {
  /** A banner above the title (reminder, escalation, "stale"). */
  notice?: string;
  /** A line under the status ("recorded"). */
  message?: string;
}

/** The 100 h card. Whoever may act gets the buttons and a refresh for them only; others see the status. */
export function alert100Card(
  view: AlertView,
  recipient: { id: string; oid: string | null; locale: Locale },
  settings: OvertimeSettings,
  options: Alert100Options = {},
): CardJson {
  const { locale } = recipient;
  const t = overtimeMessages(locale);
  const audience = mayAct(view, recipient.id) ? 'manager' : 'wlb_officer';
  const notice = renderDoctorInterviewNotice(audience, locale, {
    name: view.employee.name,
    month: view.period,
    minutes: view.valueMinutes,
    procedureUrl: settings.doctorInterviewProcedureUrl,
  });
  const canAct = mayAct(view, recipient.id);
  const actedBy = view.actions[0]?.actorName;
  const card = renderCard('overtime-100h', {
    notice: options.notice ?? '',
    title: notice.title,
    status: actedBy ? t.acted(actedBy) : '',
    message: options.message ?? '',
    facts: [
      {
        title: locale === 'ja' ? '氏名' : 'Name',
        value: `${view.employee.name}（${view.employee.employeeNo}）`,
      },
      {
        title: locale === 'ja' ? '所属' : 'Section',
        value: `${view.employee.bureauName} ${view.employee.sectionName}`,
      },
      { title: t.month(view.period), value: t.hours(view.valueMinutes) },
    ],
    lastMonthsLabel: t.lastMonths,
    months: monthRows(view.months, locale),
    requirementLabel: t.requirement,
    body: notice.body,
    points: notice.points,
    legalBasis: notice.legalBasis,
    followUpLabel: t.followUpTitle,
    history: historyLines(view, locale),
    canAct,
    commentPlaceholder: t.commentPlaceholder,
  });
  const actions: unknown[] = [];
  if (canAct)
    for (const a of FOLLOW_UP_ACTIONS)
      actions.push({
        type: 'Action.Execute',
        verb: FOLLOW_UP_VERB,
        title: a.text[locale],
        data: { alertId: view.id, action: a.id, version: view.actions.length },
        ...(a.id === 'comment' ? {} : { associatedInputs: 'none' }),
      });
  if (notice.procedureUrl)
    actions.push({ type: 'Action.OpenUrl', title: notice.procedureLabel, url: notice.procedureUrl });
  card.actions = actions;
  // Teams re-asks the bot for the card when the manager opens it, so they always see the latest.
  if (canAct && recipient.oid)
    card.refresh = {
      action: { type: 'Action.Execute', verb: REFRESH_VERB, data: { alertId: view.id } },
      userIds: [recipient.oid],
    };
  return card;
}

function alertCard(view: AlertView, locale: Locale, options: { interviewOffer?: boolean } = {}): CardJson {
  const t = overtimeMessages(locale);
  return renderCard('overtime-alert', {
    // The employee's own 80 h notices offer 面接指導 on request (人事院規則10-4 第22条の2).
    interviewText: options.interviewOffer ? t.interviewOffer : '',
    interviewTitle: t.interviewRequest,
    alertId: view.id,
    title: t.level[view.level],
    color: view.level.endsWith('100') ? 'Attention' : 'Warning',
    subject: `${t.alertFor(view.employee.name)} — ${view.employee.sectionName}`,
    facts: [
      { title: t.value, value: t.hours(view.valueMinutes) },
      { title: t.threshold, value: t.hours(view.thresholdMinutes) },
    ],
    lastMonthsLabel: t.lastMonths,
    months: monthRows(view.months, locale),
  });
}

function healthNoticeCard(view: AlertView, locale: Locale, settings: OvertimeSettings): CardJson {
  const t = overtimeMessages(locale);
  const n = renderDoctorInterviewNotice('employee', locale, {
    month: view.period,
    minutes: view.valueMinutes,
    procedureUrl: settings.doctorInterviewProcedureUrl,
  });
  const links = settings.consultationLinks.map((l) => ({
    label: locale === 'en' ? (l.labelEn ?? l.label) : l.label,
    url: l.url,
  }));
  if (n.procedureUrl) links.unshift({ label: n.procedureLabel, url: n.procedureUrl });
  return renderCard('overtime-health', {
    title: n.title,
    body: n.body,
    points: n.points,
    linksLabel: t.healthLinks,
    links,
    legalBasis: n.legalBasis,
  });
}

/** The renderers the alert services use (core/overtime/overtime-alerts.service.ts). */
export const overtimeCards: OvertimeCards = {
  alert100: (view, recipient, settings) => alert100Card(view, recipient, settings),
  alert: alertCard,
  healthNotice: healthNoticeCard,
  specialDuty: (view, recipient, settings, designation) =>
    specialDutyCard(view, recipient, settings, { designation }),
  interviewRequest: interviewRequestCard,
  followUpReminder(view, recipient, kind, settings) {
    const t = overtimeMessages(recipient.locale);
    const notice =
      view.followUp === 'acted'
        ? ''
        : kind === 'reminder'
          ? t.reminderTitle(view.employee.name, settings.workingDaysToAct)
          : t.escalationTitle(view.employee.name, view.managerName ?? '');
    return alert100Card(view, recipient, settings, { notice });
  },
};

/** The monthly bureau report to executives: per bureau, then regional branches vs the rest. */
export function bureauReportCard(
  rows: BureauReportRow[],
  month: string,
  locale: Locale,
  minGroupSize: number,
  tabUrl: string,
): CardJson {
  const t = overtimeMessages(locale);
  const small = (staff: number) => staff < minGroupSize;
  const line = (
    name: string,
    r: { staff: number; totalMinutes: number; ge100: number },
    last: { staff: number; totalMinutes: number } | null,
    weight = 'Default',
  ) => ({
    name,
    total: small(r.staff) ? t.suppressed(minGroupSize) : t.hours(Math.round(r.totalMinutes / 60) * 60),
    over100: small(r.staff) ? t.suppressed(minGroupSize) : String(r.ge100),
    lastYear:
      last === null
        ? '—'
        : small(last.staff)
          ? t.suppressed(minGroupSize)
          : t.hours(Math.round(last.totalMinutes / 60) * 60),
    weight,
    separator: weight === 'Bolder',
  });
  const sum = (list: BureauReportRow[]) => ({
    staff: list.reduce((n, r) => n + r.staff, 0),
    totalMinutes: list.reduce((n, r) => n + r.totalMinutes, 0),
    ge100: list.reduce((n, r) => n + r.ge100, 0),
  });
  const sumLast = (list: BureauReportRow[]) =>
    list.some((r) => r.lastYear)
      ? {
          staff: list.reduce((n, r) => n + (r.lastYear?.staff ?? 0), 0),
          totalMinutes: list.reduce((n, r) => n + (r.lastYear?.totalMinutes ?? 0), 0),
        }
      : null;
  const regional = rows.filter((r) => r.kind === 'regional_branch');
  const other = rows.filter((r) => r.kind !== 'regional_branch');
  const body = rows.map((r) => line(r.name, r, r.lastYear));
  if (regional.length > 0 && other.length > 0)
    body.push(
      line(t.otherBureaus, sum(other), sumLast(other), 'Bolder'),
      line(t.regional, sum(regional), sumLast(regional), 'Bolder'),
    );
  return renderCard('overtime-report', {
    title: t.reportTitle(month),
    head: { bureau: t.bureau, total: t.total, over100: t.over100, lastYear: t.lastYear },
    rows: body,
    openTab: t.openTab,
    tabUrl,
  });
}

/** The answer to 残業 / overtime. */
export function overtimeSummaryCard(
  summary: OvertimeSummary,
  locale: Locale,
  settings: OvertimeSettings,
): CardJson {
  const t = overtimeMessages(locale);
  const p = summary.projection;
  const ready =
    p.basis === 'final' || (p.basis === 'pace' && p.workingDaysElapsed >= settings.paceMinWorkingDaysElapsed);
  return renderCard('overtime-summary', {
    title: t.summaryTitle(summary.month),
    note:
      summary.dataUntil === null && summary.yearToDateMinutes === 0
        ? t.noData
        : ready
          ? ''
          : t.projectionTooEarly,
    facts: [
      { title: t.soFar, value: t.hours(summary.minutesSoFar) },
      ...(ready ? [{ title: t.projection, value: t.hours(p.projectedMinutes) }] : []),
      {
        title: t.cap,
        value: summary.monthlyCapExclusive
          ? t.hoursUnder(summary.monthlyCapMinutes)
          : t.hours(summary.monthlyCapMinutes),
      },
      {
        title: t.yearToDate,
        value: `${t.hours(summary.yearToDateMinutes)} / ${t.hours(summary.annualCapMinutes)}${
          summary.movedFromHeteronomous ? t.movedNote : ''
        }`,
      },
    ],
    lastMonthsLabel: t.lastMonths,
    months: monthRows(summary.months, locale),
  });
}
