import { z } from 'zod';
import { parseInput } from '../../core/access/request-input.ts';
import { accessScope, requireBureau, requireSection } from '../../core/access/scope.ts';
import { writeAudit } from '../../core/audit/audit.repository.ts';
import type { Config } from '../../core/config/config.ts';
import type { Db } from '../../core/db/db.ts';
import type { OvertimeSettings } from '../../core/overtime/overtime.settings.ts';
import {
  alertList,
  bureauMonths,
  type GroupMonth,
  sectionMonths,
  whollyManagedSections,
  withLastYear,
} from '../../core/overtime/overtime-figures.repository.ts';
import { overtimeSummary } from '../../core/overtime/overtime-summary.service.ts';
import { isYearMonth, monthsBetween, shiftMonth, type YearMonth } from '../../core/overtime/year-month.ts';
import { minGroupSize } from '../../core/settings/settings.repository.ts';
import { monthOf, tokyoDateOf } from '../../core/shared/calendar.ts';
import { AppError } from '../../core/shared/errors.ts';
import type { TabRouter } from './tab-router.ts';

const month = z
  .string()
  .refine(isYearMonth, { message: 'must be a month YYYY-MM', params: { key: 'invalid_month' } });
const monthQuery = z.object({ month: month.optional() });
const rangeQuery = z.object({ from: month.optional(), to: month.optional() });
const alertsQuery = z.object({ open: z.enum(['0', '1']).default('1'), month: month.optional() });
const idParam = z.object({ id: z.uuid('must be an id') });

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * A group's figures for the tab, cut to the group-size floor (SPEC §2): under minGroupSize people
 * every figure but the head count reads "<N", unless the viewer manages the whole group.
 */
export function presentGroup(g: GroupMonth | undefined, floor: number, managesWholeGroup = false) {
  const staff = g?.staff ?? 0;
  const suppressed = !managesWholeGroup && staff > 0 && staff < floor;
  const v = <T>(value: T): T | `<${number}` => (suppressed ? `<${floor}` : value);
  return {
    staff,
    suppressed,
    totalHours: v(round1((g?.totalMinutes ?? 0) / 60)),
    /** Per non-managerial person: the plan's targets exclude 管理職. */
    averageHoursNonManagerial: v(g && g.nmStaff > 0 ? round1(g.nmTotalMinutes / g.nmStaff / 60) : null),
    nonManagerialAtLeast45h: v(g?.nmGe45 ?? 0),
    nonManagerialAtLeast80h: v(g?.nmGe80 ?? 0),
    nonManagerialAtLeast100h: v(g?.nmGe100 ?? 0),
    atLeast100h: v(g?.ge100 ?? 0),
  };
}

function yoy(rows: GroupMonth[], month: YearMonth, floor: number, manages: (id: string) => boolean) {
  const byId = new Map<string, { id: string; name: string; cur?: GroupMonth; last?: GroupMonth }>();
  for (const r of rows) {
    const entry = byId.get(r.id) ?? { id: r.id, name: r.name };
    if (r.month === month) entry.cur = r;
    else entry.last = r;
    byId.set(r.id, entry);
  }
  return [...byId.values()].map((e) => ({
    id: e.id,
    name: e.name,
    month,
    ...presentGroup(e.cur, floor, manages(e.id)),
    lastYear: e.last && e.last.staff > 0 ? presentGroup(e.last, floor, manages(e.id)) : null,
  }));
}

/**
 * 残業の数字 for the tab (the dashboards draw them): bureau and section totals, averages per
 * non-managerial person, counts ≥45/80/100 h, year on year, and the alerts with their follow-up.
 * Aggregates come from the maintained monthly tables only; individuals only within the viewer's
 * subtree, or the bureau of an executive / WLB officer.
 */
export function registerOvertimeRoutes(
  router: TabRouter,
  deps: { config: Config; db: Db; now: () => Date; settings: () => Promise<OvertimeSettings> },
): void {
  const { db } = deps;
  const currentMonth = () => monthOf(tokyoDateOf(deps.now()));
  const floor = () => minGroupSize(db, deps.config.privacy.minGroupSize);

  router.get('/overtime/me', async (viewer) => {
    const e = viewer.employee;
    return overtimeSummary(
      db,
      { id: e.id, heteronomous: e.section.heteronomous },
      deps.now(),
      await deps.settings(),
    );
  });

  router.get('/overtime/bureaus', async (viewer, req) => {
    const scope = await accessScope(db, viewer);
    if (!scope.orgWide && scope.bureauIds.size === 0)
      throw new AppError('forbidden', 'You do not have access to this.');
    const m = parseInput(monthQuery, req.query, 'query').month ?? currentMonth();
    const rows = await bureauMonths(db, withLastYear(m), scope.orgWide ? null : [...scope.bureauIds]);
    return { month: m, minGroupSize: await floor(), bureaus: yoy(rows, m, await floor(), () => false) };
  });

  router.get('/overtime/bureaus/:id/sections', async (viewer, req) => {
    const scope = await accessScope(db, viewer);
    const { id } = parseInput(idParam, req.params, 'path');
    await requireBureau(db, scope, id);
    const m = parseInput(monthQuery, req.query, 'query').month ?? currentMonth();
    const rows = await sectionMonths(db, withLastYear(m), { bureauId: id });
    const managed = await whollyManagedSections(db, [...new Set(rows.map((r) => r.id))], [...scope.subtree]);
    return {
      month: m,
      minGroupSize: await floor(),
      sections: yoy(rows, m, await floor(), (s) => managed.has(s)),
    };
  });

  /** A manager's own sections (those with someone of their subtree). */
  router.get('/overtime/sections', async (viewer, req) => {
    const scope = await accessScope(db, viewer);
    if (scope.managedSectionIds.size === 0)
      throw new AppError('forbidden', 'You do not have access to this.');
    const m = parseInput(monthQuery, req.query, 'query').month ?? currentMonth();
    const ids = [...scope.managedSectionIds];
    const rows = await sectionMonths(db, withLastYear(m), { sectionIds: ids });
    const managed = await whollyManagedSections(db, ids, [...scope.subtree]);
    return {
      month: m,
      minGroupSize: await floor(),
      sections: yoy(rows, m, await floor(), (s) => managed.has(s)),
    };
  });

  router.get('/overtime/:kind/:id/months', async (viewer, req) => {
    const scope = await accessScope(db, viewer);
    const kind = z.enum(['bureaus', 'sections']).safeParse(req.params.kind);
    if (!kind.success) throw new AppError('not_found', 'Not found.');
    const { id } = parseInput(idParam, { id: req.params.id }, 'path');
    const q = parseInput(rangeQuery, req.query, 'query');
    const to = q.to ?? currentMonth();
    const from = q.from ?? shiftMonth(to, -11);
    if (monthsBetween(from, to) < 0 || monthsBetween(from, to) > 35)
      throw new AppError('bad_request', 'Invalid query.', [
        { where: 'from', message: 'from must be before to, at most 36 months' },
      ]);
    const months = Array.from({ length: monthsBetween(from, to) + 1 }, (_, i) => shiftMonth(from, i));
    const f = await floor();
    if (kind.data === 'bureaus') {
      await requireBureau(db, scope, id);
      const rows = await bureauMonths(db, months, [id]);
      return { id, months: rows.map((r) => ({ month: r.month, ...presentGroup(r, f) })) };
    }
    await requireSection(db, scope, id);
    const rows = await sectionMonths(db, months, { sectionIds: [id] });
    const manages = (await whollyManagedSections(db, [id], [...scope.subtree])).has(id);
    return { id, months: rows.map((r) => ({ month: r.month, ...presentGroup(r, f, manages) })) };
  });

  router.get('/overtime/alerts', async (viewer, req) => {
    const scope = await accessScope(db, viewer);
    const q = parseInput(alertsQuery, req.query, 'query');
    const bureauIds = viewer.bureauScopes.map((s) => s.bureauId);
    if (scope.subtree.size === 0 && bureauIds.length === 0) return { alerts: [] };
    const alerts = await alertList(
      db,
      { employeeIds: [...scope.subtree], bureauIds },
      { openOnly: q.open === '1', month: q.month },
    );
    if (alerts.length > 0)
      await writeAudit(db, {
        actorId: viewer.employee.id,
        action: 'overtime.alerts.read',
        targetType: 'overtime_alert',
        detail: { count: alerts.length, open: q.open === '1', month: q.month ?? null },
      });
    return { alerts };
  });
}
