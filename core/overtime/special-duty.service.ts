import { z } from 'zod';
import type { SpecialDutyReport, SpecialDutyReportRow } from '../../contracts/tab-api/overtime.contract.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import { findEmployeeByNo } from '../org/org.repository.ts';
import { AppError } from '../shared/errors.ts';
import { overtimeMessages } from './overtime.messages.ts';
import { isSpecialDutyLevel } from './overtime.rules.ts';
import { type AlertView, loadAlertView } from './overtime-alert-view.repository.ts';
import type { OvertimeDeps } from './overtime-alerts.service.ts';
import { markActed, mayAct } from './overtime-follow-up.service.ts';
import * as repo from './special-duty.repository.ts';
import { interviewOfferDue } from './special-duty.rules.ts';

/**
 * The manager designates a cap excess as 特例業務 with its reason (人事院規則15-14 第16条の2の2 第2項),
 * and the employee asks for 面接指導 (人事院規則10-4 第22条の2 第1項第2号), which reaches the
 * 健康管理医 contact set in 設定. Both are recorded once per alert.
 */

export const designateInputSchema = z.object({
  alertId: z.coerce.number().int().positive(),
  reason: z.string().trim().min(1).max(40),
  note: z.string().trim().max(500).optional(),
});
export type DesignateInput = z.infer<typeof designateInputSchema>;

export interface Designation {
  reasonCode: string;
  reasonLabel: string;
  reasonText: string | null;
}

export async function designationFor(deps: OvertimeDeps, alertId: number): Promise<Designation | undefined> {
  const row = await repo.designationOf(deps.db, alertId);
  if (!row) return undefined;
  const settings = await deps.settings();
  const label = settings.specialDutyReasons.find((r) => r.code === row.reason_code)?.label ?? 'その他';
  return { reasonCode: row.reason_code, reasonLabel: label, reasonText: row.reason_text };
}

export async function designateSpecialDuty(
  deps: OvertimeDeps,
  actor: { id: string; locale: 'ja' | 'en' },
  input: DesignateInput,
): Promise<{ kind: 'recorded' | 'already'; view: AlertView; designation: Designation }> {
  const t = overtimeMessages(actor.locale);
  const settings = await deps.settings();
  const known = settings.specialDutyReasons.some((r) => r.code === input.reason);
  if (!known && input.reason !== 'other')
    throw new AppError('bad_request', t.specialDutyReasonUnknown, [
      { where: 'reason', message: t.specialDutyReasonUnknown },
    ]);
  if (input.reason === 'other' && !input.note)
    throw new AppError('bad_request', t.specialDutyNoteRequired, [
      { where: 'note', message: t.specialDutyNoteRequired },
    ]);
  const kind = await deps.db.transaction(async (tx) => {
    const alert = await repo.alertOwner(tx, input.alertId);
    if (!alert || !isSpecialDutyLevel(alert.level)) throw new AppError('not_found', t.noAlert);
    if (!mayAct({ managerId: alert.manager_id, escalatedTo: alert.escalated_to }, actor.id))
      throw new AppError('forbidden', t.notYours);
    const inserted = await repo.insertDesignation(tx, {
      alertId: alert.id,
      employeeId: alert.employee_id,
      bureauId: alert.bureau_id,
      reasonCode: input.reason,
      reasonText: input.note ?? null,
      by: actor.id,
    });
    if (!inserted) return 'already' as const;
    // The card is answered: nothing is left open on it.
    await markActed(
      tx,
      { alertId: alert.id, actorId: actor.id, at: deps.now().toISOString(), followUp: false },
      { action: 'overtime.special_duty', detail: { reason: input.reason, hasNote: Boolean(input.note) } },
    );
    return 'recorded' as const;
  });
  const view = await loadAlertView(deps.db, input.alertId);
  const designation = await designationFor(deps, input.alertId);
  if (!view || !designation) throw new AppError('not_found', t.noAlert);
  return { kind, view, designation };
}

/**
 * The employee asks for 面接指導 from their 80 h or 80 h-average notice. The request goes to the
 * 健康管理医 contact in 設定 (a card in Teams when an employee number is set) and is recorded even
 * when nobody could be reached, so HR can follow it up.
 */
export async function requestInterview(
  deps: OvertimeDeps,
  employee: { id: string; locale: 'ja' | 'en' },
  alertId: number,
): Promise<{ status: 'sent' | 'no_contact'; already: boolean; contactLabel: string }> {
  const t = overtimeMessages(employee.locale);
  const settings = await deps.settings();
  const contactLabel = settings.healthManagerContact.label;
  const view = await loadAlertView(deps.db, alertId);
  if (!view || !interviewOfferDue(view.level)) throw new AppError('not_found', t.noAlert);
  if (view.employee.id !== employee.id) throw new AppError('forbidden', t.notYours);
  if (await repo.interviewRequested(deps.db, alertId)) return { status: 'sent', already: true, contactLabel };

  let status: 'sent' | 'no_contact' = 'no_contact';
  const no = settings.healthManagerContact.employeeNo;
  const contact = no ? await findEmployeeByNo(deps.db, no) : undefined;
  if (contact?.entraOid) {
    try {
      const outcome = await deps.messenger.sendCard(
        { aadObjectId: contact.entraOid },
        deps.cards.interviewRequest(view, contact.locale),
        { summary: '面接指導の申出', purpose: 'overtime.interview_request', key: String(alertId) },
      );
      if (outcome.ok) status = 'sent';
    } catch (err) {
      deps.logger.warn({ err, alertId }, 'interview request not delivered to the contact');
    }
  }
  const inserted = await deps.db.transaction(async (tx) => {
    const done = await repo.insertInterviewRequest(tx, {
      alertId,
      employeeId: employee.id,
      contactStatus: status,
    });
    if (done)
      await writeAudit(tx, {
        actorId: employee.id,
        action: 'overtime.interview_request',
        targetType: 'overtime_alert',
        targetId: String(alertId),
        detail: { contactStatus: status },
      });
    return done;
  });
  return { status, already: !inserted, contactLabel };
}

export type { SpecialDutyReport, SpecialDutyReportRow };

/**
 * HR's year-end 要因の整理・分析・検証 (人事院規則15-14 第16条の2の2 第3項): every cap excess of the
 * overtime year by bureau and 特例業務 reason, undesignated ones listed as such.
 */
export async function specialDutyReport(
  deps: Pick<OvertimeDeps, 'db' | 'settings'>,
  fiscalYear: number,
  locale: 'ja' | 'en' = 'ja',
): Promise<SpecialDutyReport> {
  const settings = await deps.settings();
  const t = overtimeMessages(locale);
  const rows = await repo.specialDutyByBureau(deps.db, fiscalYear);
  return {
    fiscalYear,
    rows: rows.map((r) => ({
      bureau: { id: r.bureau_id, name: r.bureau_name },
      reason:
        r.reason_code === null
          ? null
          : {
              code: r.reason_code,
              label:
                r.reason_code === 'other'
                  ? t.specialDutyOther
                  : (settings.specialDutyReasons.find((x) => x.code === r.reason_code)?.label ??
                    r.reason_code),
            },
      excesses: r.excesses,
      people: r.people,
    })),
  };
}

/** The report as a table for the export helpers (CSV), headings in the viewer's language. */
export function specialDutyTable(
  report: { rows: SpecialDutyReportRow[] },
  locale: 'ja' | 'en',
): { headings: string[]; rows: (string | number)[][] } {
  const ja = locale === 'ja';
  return {
    headings: ja
      ? ['局', '特例業務の理由', '上限超過の件数', '職員数']
      : ['Bureau', 'Special-duty reason', 'Cap excesses', 'People'],
    rows: report.rows.map((r) => [
      r.bureau.name,
      r.reason?.label ?? (ja ? '（未指定）' : '(not designated)'),
      r.excesses,
      r.people,
    ]),
  };
}
