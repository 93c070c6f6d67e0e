import {
  getCase,
  getManagerFollow,
  getMyPlan,
  getTakeUp,
  inviteToPlan,
  listCases,
  listSharedWithMe,
  listWlbSheets,
  reportBirth,
} from '../../contracts/tab-api/childcare.contract.ts';
import { disclosureFloor } from '../../core/access/disclosure.service.ts';
import {
  requireChildcareRecorder,
  requireChildcareRecorderOf,
  requireFollowReader,
  requireTakeUpReader,
  requireWlbOfficer,
  requireWlbSheetReader,
  wlbBureaus,
} from '../../core/access/policies.ts';
import { accessScope, childcarePlanReader } from '../../core/access/scope.ts';
import { hasRole, type Viewer } from '../../core/access/viewer.ts';
import { writeAudit } from '../../core/audit/audit.repository.ts';
import * as repo from '../../core/childcare/childcare.repository.ts';
import { startCase } from '../../core/childcare/childcare.service.ts';
import type { CaseListRow } from '../../core/childcare/childcare.table.ts';
import { type ChildcareDeps, loadCase, planOf, today } from '../../core/childcare/childcare-case.ts';
import { followCompletion } from '../../core/childcare/childcare-follow.service.ts';
import type { ChildcarePlan } from '../../core/childcare/childcare-plan.schema.ts';
import {
  type TakeUpCell,
  type TakeUpFigure,
  takeUpFor,
} from '../../core/childcare/childcare-take-up.service.ts';
import { planTotals } from '../../core/childcare/childcare-totals.rules.ts';
import { leaveWindows } from '../../core/childcare/childcare-windows.rules.ts';
import type { Config } from '../../core/config/config.ts';
import { findEmployeeById, findEmployeeByNo } from '../../core/org/org.repository.ts';
import { fiscalYearOf } from '../../core/shared/calendar.ts';
import { AppError } from '../../core/shared/errors.ts';
import type { TabRouter } from './tab-router.ts';

/**
 * The childcare API: the WLB officer's list of their bureau's plans, invitations and birth
 * reports, the plan detail, and take-up statistics. Who may see what follows SPEC §2: the
 * employee and their bureau's WLB officer see the plan; the manager only after consent and
 * without the spouse's details; take-up figures are aggregates under the group-size floor.
 * Every read by someone other than the employee goes to the audit log.
 */

/** The next request deadline still ahead, for the list. */
function nextDeadline(
  plan: ChildcarePlan | undefined,
  on: string,
  deps: { settings: Awaited<ReturnType<typeof repo.loadChildcareSettings>> },
) {
  if (!plan) return null;
  const w = leaveWindows(plan, deps.settings);
  const ahead = w.deadlines
    .filter(
      (d) =>
        d.lastWorkingDayToRequest &&
        d.lastWorkingDayToRequest >= on &&
        plan.ranges[d.index]?.status === 'planned',
    )
    .sort((a, b) => ((a.lastWorkingDayToRequest as string) < (b.lastWorkingDayToRequest as string) ? -1 : 1));
  const first = ahead[0];
  return first ? { kind: first.kind, requestBy: first.lastWorkingDayToRequest, start: first.start } : null;
}

export function registerChildcareRoutes(router: TabRouter, deps: ChildcareDeps, _config: Config): void {
  const { db } = deps;

  /** The WLB officer's list: status, dates of the birth, next deadline, targets met in the plan. */
  router.route(
    listCases,
    async (viewer) => {
      const bureaus = wlbBureaus(viewer);
      const settings = await repo.loadChildcareSettings(db);
      const on = today(deps);
      const rows = await repo.casesInBureaus(db, bureaus);
      const cases = rows.map((r: CaseListRow) => {
        const plan = r.answers ? planOf(r, r.answers) : undefined;
        const totals = plan ? planTotals(plan, settings) : undefined;
        return {
          id: r.id,
          employee: { employeeNo: r.employee_no, name: r.employee_name, section: r.section_name },
          bureau: { id: r.bureau_id, name: r.bureau_name },
          status: r.status,
          source: r.source,
          dueDate: r.due_date,
          birthDate: r.birth_date,
          version: r.current_version,
          consent: r.consent,
          nextDeadline: nextDeadline(plan, on, { settings }),
          targets: totals
            ? {
                specialLeave5Days: totals.targets.specialLeave5Days.met,
                childcareLeave2Weeks: totals.targets.childcareLeave2Weeks.met,
                firstYear1Month: totals.targets.firstYear1Month.met,
              }
            : null,
        };
      });
      await writeAudit(db, {
        actorId: viewer.employee.id,
        action: 'childcare.list',
        targetType: 'bureau',
        targetId: bureaus.join(','),
        detail: { cases: cases.map((c) => c.id) },
      });
      return { cases };
    },
    { authorize: requireWlbOfficer },
  );

  /**
   * One plan. The employee: all of it. Their bureau's WLB officer: all of it (SPEC §2), audited.
   * The manager: dates only, while consent holds, audited. Anyone else: 404, nothing revealed.
   */
  router.route(getCase, async (viewer, { params: { id } }) => {
    const view = await loadCase(db, id);
    const owner = view ? await findEmployeeById(db, view.row.employee_id) : undefined;
    if (!view || !owner) throw new AppError('not_found', 'No such plan.');
    const reader = childcarePlanReader(
      { viewer },
      { employeeId: owner.id, bureauId: owner.bureau.id, managerId: owner.manager?.id },
      view.row.consent,
    );
    if (!reader) throw new AppError('not_found', 'No such plan.');
    const self = reader === 'self';
    const wlb = reader === 'wlb_officer';
    const settings = await repo.loadChildcareSettings(db);
    const totals = view.plan ? planTotals(view.plan, settings) : undefined;
    const base = {
      id: view.row.id,
      employee: { employeeNo: owner.employeeNo, name: owner.name, section: owner.section.name },
      status: view.row.status,
      version: view.version,
      consent: view.row.consent,
      ranges: view.plan?.ranges ?? [],
      targets: totals
        ? Object.values(totals.targets).map((t) => ({
            id: t.id,
            met: t.met,
            actual: t.actual,
            required: t.required,
            summary: t.summary,
          }))
        : [],
    };
    if (!self)
      await writeAudit(db, {
        actorId: viewer.employee.id,
        action: 'childcare.read',
        targetType: 'childcare_case',
        targetId: view.row.id,
        detail: { as: wlb ? 'wlb_officer' : 'manager' },
      });
    if (!self && !wlb) return base;
    return {
      ...base,
      dueDate: view.plan?.dueDate ?? view.row.due_date,
      birthDate: view.plan?.birthDate ?? view.row.birth_date,
      multipleBirth: view.row.multiple_birth,
      spouseSituation: view.plan?.spouseSituation ?? null,
      childcareArrangement: view.plan?.childcareArrangement ?? null,
      intendedUse: view.plan?.intendedUse ?? null,
    };
  });

  /** My own plan, for 自分 (no audit: the subject reading their own data). */
  router.route(getMyPlan, async (viewer) => {
    const open = await repo.findOpenCase(db, viewer.employee.id);
    const view = open ? await loadCase(db, open.id) : undefined;
    if (!view) return { plan: null };
    const settings = await repo.loadChildcareSettings(db);
    const totals = view.plan ? planTotals(view.plan, settings) : undefined;
    return {
      plan: {
        id: view.row.id,
        status: view.row.status,
        version: view.version,
        consent: view.row.consent,
        dueDate: view.row.due_date,
        birthDate: view.row.birth_date,
        ranges: view.plan?.ranges ?? [],
        nextDeadline: nextDeadline(view.plan, today(deps), { settings }),
        targets: totals
          ? Object.values(totals.targets).map((t) => ({ id: t.id, met: t.met, summary: t.summary }))
          : [],
      },
    };
  });

  /** Plans shared with me as a manager (consent given), dates only. */
  router.route(listSharedWithMe, async (viewer) => {
    const plans = [];
    for (const id of await repo.casesSharedWith(db, viewer.employee.id)) {
      const view = await loadCase(db, id);
      const owner = view && (await findEmployeeById(db, view.row.employee_id));
      if (!view?.plan || !owner) continue;
      plans.push({
        id,
        employee: { name: owner.name, employeeNo: owner.employeeNo },
        version: view.version,
        ranges: view.plan.ranges,
      });
    }
    if (plans.length > 0)
      await writeAudit(db, {
        actorId: viewer.employee.id,
        action: 'childcare.read.shared',
        targetType: 'childcare_case',
        targetId: plans.map((p) => p.id).join(','),
        detail: { count: plans.length },
      });
    return { plans };
  });

  /** ワークライフバランスシート: shared with HR (seed 000), for interviews and postings; audited. */
  router.route(
    listWlbSheets,
    async (viewer) => {
      const rows = await repo.latestWlbSheets(db);
      await writeAudit(db, {
        actorId: viewer.employee.id,
        action: 'childcare.wlb.read',
        targetType: 'wlb_sheet',
        detail: { employees: rows.map((r) => r.employee_id) },
      });
      return {
        sheets: rows.map((r) => ({
          employee: {
            employeeNo: r.employee_no,
            name: r.employee_name,
            section: r.section_name,
            bureau: r.bureau_name,
          },
          version: r.version,
          submittedAt: r.submitted_at,
          answers: r.answers,
        })),
      };
    },
    { authorize: requireWlbSheetReader },
  );

  /** Who may invite or record a report for this person: HR anywhere, a WLB officer in their bureau. */
  async function target(viewer: Viewer, employeeNo: string) {
    const employee = await findEmployeeByNo(db, employeeNo);
    if (!employee)
      throw new AppError('bad_request', 'No such employee.', [
        { where: 'employeeNo', message: `職員番号 ${employeeNo} の職員はいません` },
      ]);
    requireChildcareRecorderOf(viewer, employee.bureau.id);
    return employee;
  }
  const recorder = { authorize: requireChildcareRecorder };

  router.route(
    inviteToPlan,
    async (viewer, { body }) => {
      const employee = await target(viewer, body.employeeNo);
      const { view, created } = await startCase(deps, employee, {
        source: 'invite',
        invitedBy: viewer.employee.id,
      });
      return { id: view.row.id, status: view.row.status, created };
    },
    recorder,
  );

  /** A pregnancy/birth report (妊娠・出産報告) recorded for the person: starts the case with its dates. */
  router.route(
    reportBirth,
    async (viewer, { body }) => {
      if (body.birthDate && body.birthDate > today(deps))
        throw new AppError('bad_request', 'Invalid body.', [
          { where: 'birthDate', message: '出生日が今日より後です。生まれる前は出産予定日に入力してください' },
        ]);
      const employee = await target(viewer, body.employeeNo);
      const { view, created } = await startCase(deps, employee, {
        source: 'report',
        invitedBy: viewer.employee.id,
        dueDate: body.dueDate ?? null,
        birthDate: body.birthDate ?? null,
        multipleBirth: body.multipleBirth,
      });
      return { id: view.row.id, status: view.row.status, created };
    },
    recorder,
  );

  /**
   * The father's managers' follow sheets (seed 002) per bureau: started and completed. HR sees every
   * bureau, a WLB officer theirs; bureaus under the group-size floor show "<5" and no rate.
   */
  router.route(
    getManagerFollow,
    async (viewer) => {
      const all = hasRole(viewer, 'hr', 'admin');
      const bureaus = wlbBureaus(viewer);
      // The floor is the one in 設定, as for every other aggregate (issue 12).
      const floor = await disclosureFloor(db);
      return { minGroupSize: floor, bureaus: await followCompletion(deps, all ? null : bureaus, floor) };
    },
    { authorize: requireFollowReader },
  );

  /**
   * Take-up against the three targets for the births of a fiscal year, per bureau and in total:
   * HR for every bureau, WLB officers and executives for theirs. Counts under the floor are "<5".
   */
  router.route(getTakeUp, async (viewer, { query }) => {
    const fiscalYear = query.fiscalYear ?? fiscalYearOf(today(deps));
    const scope = await accessScope(db, viewer);
    requireTakeUpReader(scope);
    // One decision for the bureaus and their sum (core/access/disclosure.rules.ts), floor from 設定.
    const view = await takeUpFor(db, scope, fiscalYear);
    const label = `<${view.minGroupSize}` as const;
    const present = (c: TakeUpCell) => {
      const rate = (f: TakeUpFigure) =>
        c.hidden
          ? { met: label, rate: null, suppressed: true }
          : { met: f.met ?? 0, rate: f.rate, suppressed: false };
      return {
        births: c.hidden ? label : (c.births ?? 0),
        hidden: c.hidden,
        specialLeave5Days: rate(c.specialLeave5Days),
        childcareLeave2Weeks: rate(c.childcareLeave2Weeks),
        firstYear1Month: rate(c.firstYear1Month),
      };
    };
    await writeAudit(db, {
      actorId: viewer.employee.id,
      action: 'childcare.take_up',
      targetType: 'fiscal_year',
      targetId: String(fiscalYear),
      detail: { bureaus: view.bureaus.length },
    });
    return {
      fiscalYear,
      minGroupSize: view.minGroupSize,
      bureaus: view.bureaus.map((b) => ({ bureau: b.bureau, ...present(b.figures) })),
      total: present(view.total),
      targets: view.targets,
      // The same births counted from the attendance data's leave types (issue 19): which source is which.
      sources: view.sources,
      fromAttendance: {
        bureaus: view.fromAttendance.bureaus.map((b) => ({
          bureau: view.bureaus.find((x) => x.bureau.id === b.bureauId)?.bureau,
          ...present(b.figures),
        })),
        total: present(view.fromAttendance.total),
        targets: view.fromAttendance.targets,
      },
    };
  });
}
