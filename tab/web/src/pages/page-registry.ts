import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { DashboardScope, PageId } from '../nav.ts';
import { MePage } from './me.page.tsx';

export interface PageProps {
  /** Set when the configurable channel tab opened the page (`?scope=section|bureau`). */
  scope: DashboardScope | null;
}

/**
 * Page id → component. 自分 is the landing page and ships with the shell; every other page is a
 * lazy chunk fetched the first time someone opens it.
 */
export const PAGES: Record<PageId, ComponentType<PageProps> | LazyExoticComponent<ComponentType<PageProps>>> =
  {
    me: MePage,
    dashboard: lazy(() => import('./dashboard.page.tsx')),
    'leave-plans': lazy(() => import('./leave-plans.page.tsx')),
    childcare: lazy(() => import('./childcare.page.tsx')),
    announcements: lazy(() => import('./announcements.page.tsx')),
    surveys: lazy(() => import('./surveys.page.tsx')),
    import: lazy(() => import('./import.page.tsx')),
    settings: lazy(() => import('./settings.page.tsx')),
  };
