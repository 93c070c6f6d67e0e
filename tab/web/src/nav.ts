/**
 * The tab's pages and who sees them. The server enforces access on every API call; this only
 * decides which pages are offered, so that nobody is shown a page that would answer 403.
 */

export const PAGE_IDS = [
  'me',
  'dashboard',
  'leave-plans',
  'childcare',
  'announcements',
  'surveys',
  'import',
  'settings',
] as const;
export type PageId = (typeof PAGE_IDS)[number];

const SEEN_BY: Record<PageId, readonly string[] | 'everyone'> = {
  me: 'everyone',
  dashboard: ['manager', 'executive', 'wlb_officer', 'hr', 'admin'],
  'leave-plans': 'everyone',
  // Managers read the plans their staff chose to share (dates only); executives the take-up of their
  // bureaus. The page shows each of them only the sections the API answers for that role.
  childcare: ['wlb_officer', 'hr', 'manager', 'executive'],
  announcements: ['hr'],
  // パルスサーベイ: composers (hr, WLB officers) and readers of results (executives, admin).
  surveys: ['hr', 'wlb_officer', 'executive', 'admin'],
  import: ['hr', 'admin'],
  settings: ['admin', 'hr'],
};

export interface Viewer {
  roles: readonly string[];
  /** Has direct reports (the org tree), whether or not the token carries a 'manager' role. */
  isManager: boolean;
}

export function visiblePages(viewer: Viewer): PageId[] {
  const roles = new Set(viewer.roles);
  if (viewer.isManager) roles.add('manager');
  return PAGE_IDS.filter((id) => {
    const seenBy = SEEN_BY[id];
    return seenBy === 'everyone' || seenBy.some((role) => roles.has(role));
  });
}

export const isPageId = (value: string | null | undefined): value is PageId =>
  PAGE_IDS.includes(value as PageId);

/**
 * The page to open: `?view=` (our links and the channel tab's contentUrl), else Teams' sub-page
 * id (deep links), else 自分. A page the viewer may not see falls back to 自分 and says so.
 */
export function requestedPage(
  search: string,
  subPageId: string | null,
  visible: readonly PageId[],
): { page: PageId; refused: boolean } {
  const asked = new URLSearchParams(search).get('view') ?? subPageId;
  if (!asked || !isPageId(asked)) return { page: 'me', refused: false };
  return visible.includes(asked) ? { page: asked, refused: false } : { page: 'me', refused: true };
}

export type DashboardScope = 'section' | 'bureau';

/** The configurable channel tab opens `?view=dashboard&scope=section|bureau`. */
export function dashboardScope(search: string): DashboardScope | null {
  const scope = new URLSearchParams(search).get('scope');
  return scope === 'section' || scope === 'bureau' ? scope : null;
}

/** The URL after switching pages: `view` replaced, everything else (theme, scope) kept. */
export function searchWithView(search: string, page: PageId): string {
  const params = new URLSearchParams(search);
  params.set('view', page);
  return `?${params.toString()}`;
}

/** The page a configured channel tab opens (the configuration page hands this to Teams). */
export function dashboardContentUrl(origin: string, scope: DashboardScope): string {
  return `${origin}/tab/?view=dashboard&scope=${scope}`;
}
