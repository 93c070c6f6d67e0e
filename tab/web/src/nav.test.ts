import { describe, expect, it } from 'vitest';
import { dashboardContentUrl, dashboardScope, requestedPage, searchWithView, visiblePages } from './nav.ts';

describe('pages by role', () => {
  it('offers an employee only 自分 and 休暇計画表', () => {
    expect(visiblePages({ roles: ['employee'], isManager: false })).toEqual(['me', 'leave-plans']);
  });

  it('adds the dashboard and 育児 (plans shared with them) for someone with direct reports, even without a manager role in the token', () => {
    expect(visiblePages({ roles: ['employee'], isManager: true })).toEqual([
      'me',
      'dashboard',
      'leave-plans',
      'childcare',
    ]);
  });

  it('shows an executive the dashboard, 育児 (take-up of their bureaus) and survey results, not the admin pages', () => {
    expect(visiblePages({ roles: ['employee', 'executive'], isManager: false })).toEqual([
      'me',
      'dashboard',
      'leave-plans',
      'childcare',
      'surveys',
    ]);
  });

  it('never offers 育児 to a plain staff member', () => {
    expect(visiblePages({ roles: ['employee'], isManager: false })).not.toContain('childcare');
    expect(
      requestedPage('?view=childcare', null, visiblePages({ roles: ['employee'], isManager: false })),
    ).toEqual({
      page: 'me',
      refused: true,
    });
  });

  it('gives HR every page', () => {
    expect(visiblePages({ roles: ['employee', 'hr'], isManager: false })).toEqual([
      'me',
      'dashboard',
      'leave-plans',
      'childcare',
      'announcements',
      'surveys',
      'import',
      'settings',
    ]);
  });

  it('gives an admin import and settings but not announcements or childcare', () => {
    expect(visiblePages({ roles: ['admin'], isManager: false })).toEqual([
      'me',
      'dashboard',
      'leave-plans',
      'surveys',
      'import',
      'settings',
    ]);
  });

  it('shows a WLB officer the childcare page', () => {
    expect(visiblePages({ roles: ['wlb_officer'], isManager: false })).toContain('childcare');
  });
});

describe('the page to open', () => {
  const employee = visiblePages({ roles: ['employee'], isManager: false });
  const hr = visiblePages({ roles: ['hr'], isManager: false });

  it('opens 自分 without a view', () => {
    expect(requestedPage('', null, hr)).toEqual({ page: 'me', refused: false });
  });

  it('opens the page named by ?view=', () => {
    expect(requestedPage('?view=announcements', null, hr)).toEqual({ page: 'announcements', refused: false });
  });

  it('falls back to 自分, and says so, for a page the viewer may not see', () => {
    expect(requestedPage('?view=import', null, employee)).toEqual({ page: 'me', refused: true });
  });

  it('ignores an unknown view', () => {
    expect(requestedPage('?view=admin-secrets', null, hr)).toEqual({ page: 'me', refused: false });
  });

  it('follows a Teams deep link when there is no ?view=', () => {
    expect(requestedPage('', 'dashboard', hr)).toEqual({ page: 'dashboard', refused: false });
  });

  it('keeps the other query parameters when switching pages', () => {
    expect(searchWithView('?view=me&theme=dark', 'dashboard')).toBe('?view=dashboard&theme=dark');
  });

  it('reads back the scope the configuration page put into the channel tab URL', () => {
    const url = new URL(dashboardContentUrl('https://kinmu.example.go.jp', 'bureau'));
    expect(url.pathname).toBe('/tab/');
    expect(requestedPage(url.search, null, hr).page).toBe('dashboard');
    expect(dashboardScope(url.search)).toBe('bureau');
    expect(dashboardScope('?view=dashboard&scope=ministry')).toBeNull();
  });
});
