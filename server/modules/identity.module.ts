import { createGraphClient } from '../../core/identity/graph-client.ts';
import { graphSyncJob } from '../../core/identity/graph-sync.job.ts';
import { createOboGraph } from '../../core/identity/obo.ts';
import { createMsalAppTokenSource, createMsalOboExchanger } from '../../core/identity/token-source.ts';
import { registerIdentityRoutes } from '../../tab/api/identity.routes.ts';
import type { AppModule, ModuleContext } from '../module.ts';

/**
 * Identity for real: the daily Graph org sync (only when GRAPH_SYNC_ENABLED), its dry-run and
 * apply routes for HR, the department → section table, and On-Behalf-Of calendar writes from the tab.
 * Without the tab/API client secret the Graph parts answer "not configured" instead of failing.
 */
export function identityModule(ctx: ModuleContext): AppModule {
  const { config, db, logger } = ctx;
  const appTokens = createMsalAppTokenSource(config);
  const graph = appTokens
    ? createGraphClient({ baseUrl: config.graph.baseUrl, tokens: appTokens, logger })
    : undefined;
  const obo = createMsalOboExchanger(config);
  const syncDeps = graph ? { db, graph, logger } : undefined;
  return {
    name: 'identity',
    jobs:
      config.graph.syncEnabled && syncDeps ? [graphSyncJob(syncDeps, config.graph.syncCron) as never] : [],
    tabRoutes: (router) =>
      registerIdentityRoutes(router, {
        db,
        sync: syncDeps,
        oboGraph: obo ? createOboGraph({ baseUrl: config.graph.baseUrl, obo }) : undefined,
      }),
  };
}
