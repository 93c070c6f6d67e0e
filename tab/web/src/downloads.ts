import type { ApiClient } from './api.ts';
import type { Host } from './teams-context.ts';

/**
 * Opens an export. Teams does not save blob links reliably (once per session on New Teams, never on
 * mobile: msteams-docs #9904, #10334, #10780), so the tab asks the server for a one-minute signed
 * URL of the export and lets Teams open it in the browser (app.openLink); outside Teams a new
 * window does the same. The server answers with Content-Disposition: attachment and no-store.
 */
export function createDownloader(api: ApiClient, host: Host): (path: string) => Promise<void> {
  return async (path) => {
    const { url } = await api.send<{ url: string }>('POST', '/api/tab/download-links', { path });
    const absolute = new URL(url, window.location.origin).toString();
    if (host.teams) {
      await host.teams.app.openLink(absolute);
      return;
    }
    // A new window, cut from this one (no opener). Not the 'noopener' feature: with it window.open
    // always answers null, so the same window navigated too, every time. A blocked popup falls back
    // to this window (an attachment answer leaves the page as it is).
    const opened = window.open(absolute, '_blank');
    if (opened) opened.opener = null;
    else window.location.assign(absolute);
  };
}
