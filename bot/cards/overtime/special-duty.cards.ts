import type { Locale } from '../../../core/org/org.table.ts';
import { overtimeMessages } from '../../../core/overtime/overtime.messages.ts';
import type { OvertimeSettings } from '../../../core/overtime/overtime.settings.ts';
import type { AlertView } from '../../../core/overtime/overtime-alert-view.repository.ts';
import { mayAct } from '../../../core/overtime/overtime-follow-up.service.ts';
import { type CardJson, renderCard } from '../cards.ts';

export const SPECIAL_DUTY_VERB = 'overtime.specialDuty.designate';
export const INTERVIEW_VERB = 'overtime.interview.request';

/**
 * The manager's card when a subordinate passes a cap of 人事院規則15-14 第16条の2の2: designate the
 * excess as 特例業務 with a reason from 設定 or free text. After designation it shows the reason.
 */
export function specialDutyCard(
  view: AlertView,
  recipient: { id: string; oid: string | null; locale: Locale },
  settings: OvertimeSettings,
  options: { designation?: { reasonLabel: string; reasonText: string | null }; message?: string } = {},
): CardJson {
  const t = overtimeMessages(recipient.locale);
  const done = options.designation;
  return renderCard('overtime-special-duty', {
    title: t.specialDutyTitle(view.employee.name),
    subject: `${view.employee.bureauName} ${view.employee.sectionName}`,
    levelText: t.level[view.level],
    facts: [
      { title: t.value, value: t.hours(view.valueMinutes) },
      // "100時間未満": a 他律 month cap is reached at 100 h itself (第16条の2の2 第1項第2号イ).
      { title: t.cap, value: capText(view, recipient.locale) },
    ],
    status: done
      ? t.specialDutyDone(done.reasonText ? `${done.reasonLabel}（${done.reasonText}）` : done.reasonLabel)
      : '',
    message: options.message ?? '',
    canAct: !done && mayAct(view, recipient.id),
    body: t.specialDutyBody,
    reasonLabel: t.specialDutyReason,
    reasons: [...settings.specialDutyReasons, { code: 'other', label: t.specialDutyOther }],
    noteLabel: t.specialDutyNote,
    designate: t.specialDutyDesignate,
    alertId: view.id,
  });
}

/** The cap as the rule words it: 他律 month "100時間未満", the rest "N時間" (the value itself allowed). */
export function capText(view: Pick<AlertView, 'level' | 'thresholdMinutes'>, locale: Locale): string {
  const t = overtimeMessages(locale);
  const hours = t.hours(view.thresholdMinutes);
  const under = view.level === 'over_month_cap' && view.thresholdMinutes >= 100 * 60;
  if (view.level === 'over_average_cap') return locale === 'en' ? `average ≤ 80 h` : '平均80時間以下';
  if (view.level === 'over_months_count')
    return locale === 'en' ? 'over 45 h in at most 6 months' : '45時間超は年6か月まで';
  return under ? (locale === 'en' ? `under ${hours}` : `${hours}未満`) : hours;
}

/** To the 健康管理医 contact: who asks for 面接指導, with the months behind it. */
export function interviewRequestCard(view: AlertView, locale: Locale): CardJson {
  const t = overtimeMessages(locale);
  return renderCard('overtime-interview-request', {
    title: t.interviewToDoctorTitle(view.employee.name),
    body: t.interviewToDoctorBody,
    facts: [
      { title: locale === 'en' ? 'Employee no.' : '職員番号', value: view.employee.employeeNo },
      {
        title: locale === 'en' ? 'Section' : '所属',
        value: `${view.employee.bureauName} ${view.employee.sectionName}`,
      },
      ...view.months.map((m) => ({ title: t.month(m.month), value: t.hours(m.minutes) })),
    ],
  });
}
