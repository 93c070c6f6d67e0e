import type { GraphApi } from './graph-client.ts';
import { isGraphError } from './graph-client.ts';
import type { GraphUserChange } from './graph-sync.rules.ts';

/** The properties the sync reads. `manager` in $select makes delta report manager changes (manager@delta). */
export const USER_SELECT =
  'id,displayName,givenName,surname,userPrincipalName,department,jobTitle,employeeId,accountEnabled,manager';
export const USERS_DELTA_START = `/users/delta?$select=${USER_SELECT}`;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface DeltaPage {
  value?: Record<string, unknown>[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

export interface UserDelta {
  changes: GraphUserChange[];
  deltaLink: string;
  pages: number;
  /** True when this was a full enumeration (first run, or Graph expired the stored delta token). */
  fullSync: boolean;
}

const str = (v: unknown): string | null | undefined =>
  v === undefined ? undefined : typeof v === 'string' && v.trim() !== '' ? v : null;

/** One user object of a delta page → the change it carries. Only properties present in the page are set. */
export function parseGraphUser(raw: Record<string, unknown>): GraphUserChange | undefined {
  const id = raw.id;
  if (typeof id !== 'string' || !GUID.test(id)) return undefined;
  const change: GraphUserChange = { oid: id.toLowerCase() };
  if (raw['@removed']) change.removed = true;
  if ('userPrincipalName' in raw) change.upn = str(raw.userPrincipalName);
  if ('givenName' in raw) change.givenName = str(raw.givenName);
  if ('surname' in raw) change.surname = str(raw.surname);
  if ('displayName' in raw) change.displayName = str(raw.displayName);
  if ('department' in raw) change.department = str(raw.department);
  if ('jobTitle' in raw) change.jobTitle = str(raw.jobTitle);
  if ('employeeId' in raw) change.employeeId = str(raw.employeeId);
  if (typeof raw.accountEnabled === 'boolean') change.accountEnabled = raw.accountEnabled;
  // Delta shape: "manager@delta": [{ id }] or [{ id, "@removed": {...} }]; $expand shape: "manager": { id } | null.
  const managerDelta = raw['manager@delta'];
  if (Array.isArray(managerDelta)) {
    const current = managerDelta.find(
      (m) => m && typeof m === 'object' && !(m as Record<string, unknown>)['@removed'],
    ) as { id?: unknown } | undefined;
    change.managerOid =
      typeof current?.id === 'string' && GUID.test(current.id) ? current.id.toLowerCase() : null;
  } else if ('manager' in raw) {
    const m = raw.manager as { id?: unknown } | null;
    change.managerOid = m && typeof m.id === 'string' && GUID.test(m.id) ? m.id.toLowerCase() : null;
  }
  return change;
}

/**
 * Follows @odata.nextLink to the end and returns every change with the new @odata.deltaLink. A stored
 * delta link Graph no longer knows (410 Gone, resync required) restarts a full enumeration.
 */
export async function fetchUserDelta(
  graph: GraphApi,
  deltaLink: string | undefined,
  maxPages = 10_000,
): Promise<UserDelta> {
  try {
    return await walk(graph, deltaLink ?? USERS_DELTA_START, !deltaLink, maxPages);
  } catch (err) {
    if (deltaLink && isGraphError(err) && err.statusCode === 410)
      return walk(graph, USERS_DELTA_START, true, maxPages);
    throw err;
  }
}

async function walk(graph: GraphApi, start: string, fullSync: boolean, maxPages: number): Promise<UserDelta> {
  const changes: GraphUserChange[] = [];
  let link: string | undefined = start;
  for (let pages = 1; pages <= maxPages; pages++) {
    const page: DeltaPage = await graph.get<DeltaPage>(link);
    for (const raw of page.value ?? []) {
      const change = parseGraphUser(raw);
      if (change) changes.push(change);
    }
    if (page['@odata.deltaLink']) return { changes, deltaLink: page['@odata.deltaLink'], pages, fullSync };
    link = page['@odata.nextLink'];
    if (!link) throw new Error('Graph delta page has neither @odata.nextLink nor @odata.deltaLink');
  }
  throw new Error(`Graph delta did not finish within ${maxPages} pages`);
}
