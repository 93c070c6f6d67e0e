/**
 * Process-wide counters in the Prometheus text format (GET /metrics), without a metrics library.
 * Each instance counts its own work; the scraper (Azure Monitor managed Prometheus, or Application
 * Insights via its agent) adds instances up. Labels carry kinds and outcomes, never personal data.
 */

import { isAppError } from './errors.ts';

type Labels = Record<string, string>;

export interface Counter {
  readonly name: string;
  inc(labels?: Labels, by?: number): void;
  /** Current value for these labels (tests and /readyz-style checks). */
  value(labels?: Labels): number;
}

interface Family {
  name: string;
  help: string;
  type: 'counter';
  values: Map<string, number>;
}

const families = new Map<string, Family>();

const labelKey = (labels: Labels = {}) =>
  Object.keys(labels)
    .sort()
    .map(
      (k) => `${k}="${String(labels[k]).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
    )
    .join(',');

/** Registers (or returns the already registered) counter of this name. */
export function counter(name: string, help: string): Counter {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a metric name: ${name}`);
  let family = families.get(name);
  if (!family) {
    family = { name, help, type: 'counter', values: new Map() };
    families.set(name, family);
  }
  const f = family;
  return {
    name,
    inc(labels, by = 1) {
      const key = labelKey(labels);
      f.values.set(key, (f.values.get(key) ?? 0) + by);
    },
    value(labels) {
      return f.values.get(labelKey(labels)) ?? 0;
    },
  };
}

export function renderPrometheus(): string {
  const lines: string[] = [];
  for (const f of families.values()) {
    lines.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`);
    if (f.values.size === 0) lines.push(`${f.name} 0`);
    for (const [key, value] of f.values) lines.push(`${f.name}${key ? `{${key}}` : ''} ${value}`);
  }
  return `${lines.join('\n')}\n`;
}

// The app's counters, in one place so that every capability counts the same way.
export const metrics = {
  httpRequests: counter(
    'kinmu_http_requests_total',
    'HTTP requests answered, by route group and status class',
  ),
  botTurns: counter('kinmu_bot_turns_total', 'Bot turns handled, by activity type and outcome'),
  messagesSent: counter(
    'kinmu_messages_sent_total',
    'Proactive connector requests, by kind (send, update, delete, open) and outcome (sent, blocked, not_found, too_large, retryable)',
  ),
  alerts: counter('kinmu_alerts_total', 'Overtime alerts raised, by threshold (alert level)'),
  imports: counter(
    'kinmu_imports_total',
    'Imports, by kind (org, attendance, graph) and outcome (done, rejected, failed)',
  ),
  graphSyncChanges: counter(
    'kinmu_graph_sync_changes_total',
    'Register changes applied by the Graph org sync, by kind',
  ),
  appInstalls: counter(
    'kinmu_app_installs_total',
    'Proactive Teams app installations, by outcome (installed, already, failed)',
  ),
};

/**
 * Runs an import and counts how it ended: done; rejected (the input was refused with reasons —
 * bad rows, too large — and nothing was stored); failed (anything else: database, bug).
 */
export async function countedImport<T>(kind: 'org' | 'attendance', work: () => Promise<T>): Promise<T> {
  try {
    const result = await work();
    metrics.imports.inc({ kind, outcome: 'done' });
    return result;
  } catch (err) {
    const refused = isAppError(err) && (err.code === 'bad_request' || err.code === 'too_large');
    metrics.imports.inc({ kind, outcome: refused ? 'rejected' : 'failed' });
    throw err;
  }
}
