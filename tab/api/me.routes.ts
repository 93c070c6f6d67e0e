import { getDevPersonas, getMe, getMySummary, getSession } from '../../contracts/tab-api/me.contract.ts';
import { buildViewer } from '../../core/access/viewer.ts';
import type { Config } from '../../core/config/config.ts';
import { mySummary } from '../../core/dashboard/me.service.ts';
import type { Db } from '../../core/db/db.ts';
import { DEMO_PERSONAS } from '../../core/demo/demo-org.generator.ts';
import { findEmployeeByNo } from '../../core/org/org.repository.ts';
import { AppError } from '../../core/shared/errors.ts';
import type { TabRouter } from './tab-router.ts';

export function registerMeRoutes(
  router: TabRouter,
  config: Config,
  db: Db,
  now: () => Date = () => new Date(),
): void {
  router.publicRoute(getSession, async () => ({ authMode: config.authMode, defaultLocale: 'ja' as const }));

  // The persona picker exists only in explicit dev mode; otherwise the route does not exist.
  router.publicRoute(getDevPersonas, async () => {
    if (config.authMode !== 'dev') throw new AppError('not_found', 'Not found.');
    const personas = [];
    for (const p of DEMO_PERSONAS) {
      const employee = await findEmployeeByNo(db, p.employeeNo);
      if (!employee) continue;
      const viewer = await buildViewer(db, employee);
      personas.push({
        employeeNo: employee.employeeNo,
        name: employee.name,
        kana: employee.kana,
        sectionName: employee.section.name,
        bureauName: employee.bureau.name,
        roles: viewer.roles,
        isManager: viewer.roles.includes('manager'),
        description: p.description,
      });
    }
    return { personas };
  });

  router.route(getMe, async (viewer) => {
    const e = viewer.employee;
    return {
      employee: {
        id: e.id,
        employeeNo: e.employeeNo,
        name: e.name,
        kana: e.kana,
        upn: e.upn,
        locale: e.locale,
        isManagerial: e.isManagerial,
        section: { id: e.section.id, name: e.section.name },
        bureau: e.bureau,
        manager: e.manager ? { name: e.manager.name } : null,
      },
      roles: viewer.roles,
      isManager: viewer.roles.includes('manager'),
    };
  });

  // The person's own figures: read for the viewer's own id only, so nothing here needs an audit entry.
  router.route(getMySummary, async (viewer) => mySummary(db, viewer.employee.id, now()));
}
