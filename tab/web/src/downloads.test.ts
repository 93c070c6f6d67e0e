import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiClient } from './api.ts';
import { createDownloader } from './downloads.ts';
import type { Host } from './teams-context.ts';

/** Outside Teams: the signed link opens in a new window, and this window moves only if that failed. */
describe('opening an export outside Teams', () => {
  const api = { send: async () => ({ url: '/api/tab/x/export?sig=s' }) } as unknown as ApiClient;
  const host = { inTeams: false, teams: null } as unknown as Host;
  const stubWindow = (opened: object | null) => {
    const assign = vi.fn();
    const open = vi.fn(() => opened);
    vi.stubGlobal('window', { open, location: { origin: 'https://app.example', assign } });
    return { open, assign };
  };
  afterEach(() => vi.unstubAllGlobals());

  it('opens one new window, cut from this one, and leaves this page where it is', async () => {
    const popup = { opener: {} as unknown };
    const { open, assign } = stubWindow(popup);
    await createDownloader(api, host)('/api/tab/x/export');
    expect(open).toHaveBeenCalledWith('https://app.example/api/tab/x/export?sig=s', '_blank');
    expect(popup.opener).toBeNull();
    expect(assign).not.toHaveBeenCalled();
  });

  it('falls back to this window when the popup is blocked', async () => {
    const { assign } = stubWindow(null);
    await createDownloader(api, host)('/api/tab/x/export');
    expect(assign).toHaveBeenCalledWith('https://app.example/api/tab/x/export?sig=s');
  });
});
