import type { Locale } from './i18n/ja.ts';

export type ThemeName = 'light' | 'dark' | 'contrast';

/** teams-js, loaded only when the page may be inside Teams (see connectToHost). */
export type TeamsSdk = typeof import('./teams-sdk.ts');

/** Where the tab runs: inside a Teams client (with its context) or standalone in a browser. */
export interface Host {
  inTeams: boolean;
  /** The initialised SDK inside Teams; null standalone. */
  teams: TeamsSdk | null;
  /** Teams' theme at start (standalone: 'light'; the theme hook reads the query/OS instead). */
  theme: ThemeName;
  /** The Teams client's language, when it is one we have texts for. */
  locale: Locale | null;
  /** Teams' sub-page id (deep links), used like `?view=`. */
  subPageId: string | null;
  /** Subscribes to Teams theme changes; returns an unsubscribe. */
  onThemeChange(listener: (theme: ThemeName) => void): () => void;
}

// Inside Teams the host answers in well under a second; outside a frame teams-js rejects at once.
// The timeout covers the remaining case: framed by something that is not a Teams host.
const INITIALIZE_TIMEOUT_MS = 3000;

export const STANDALONE: Host = {
  inTeams: false,
  teams: null,
  theme: 'light',
  locale: null,
  subPageId: null,
  onThemeChange: () => () => {},
};

/** 'ja-jp', 'en-US', … → a locale we have texts for, or null. */
export function localeFromTag(tag: string | undefined | null): Locale | null {
  const lang = tag?.toLowerCase().split(/[-_]/)[0];
  return lang === 'ja' || lang === 'en' ? lang : null;
}

export function themeName(teamsTheme: string | undefined): ThemeName {
  if (teamsTheme === 'dark') return 'dark';
  if (teamsTheme === 'contrast') return 'contrast';
  return 'light'; // 'default', and 'glass' on newer hosts
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer from a Teams host within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

/**
 * Teams hosts a tab in a frame (web, desktop) or a webview with a native bridge (mobile). A top-level
 * page with neither is a plain browser tab, and we skip loading teams-js at all: it would only
 * fail, after fetching its list of valid origins from a CDN.
 */
function mayBeInTeams(): boolean {
  return window.parent !== window || window.opener != null || 'nativeInterface' in window;
}

/** Connects to the Teams host. Never throws: any failure means we are standalone. */
export async function connectToHost(): Promise<Host> {
  if (!mayBeInTeams()) return STANDALONE;
  let teams: TeamsSdk;
  let context: Awaited<ReturnType<TeamsSdk['app']['getContext']>>;
  try {
    teams = await import('./teams-sdk.ts');
    const { app } = teams;
    await withTimeout(app.initialize(), INITIALIZE_TIMEOUT_MS);
    context = await withTimeout(app.getContext(), INITIALIZE_TIMEOUT_MS);
  } catch {
    return STANDALONE;
  }

  // teams-js keeps a single theme handler, so fan it out to our listeners.
  const listeners = new Set<(theme: ThemeName) => void>();
  teams.app.registerOnThemeChangeHandler((theme) => {
    for (const listener of listeners) listener(themeName(theme));
  });

  return {
    inTeams: true,
    teams,
    theme: themeName(context.app.theme),
    locale: localeFromTag(context.app.locale),
    subPageId: context.page.subPageId || null,
    onThemeChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Tells Teams the app has loaded (hides its loading indicator). Outside Teams it does nothing. */
export function notifyLoaded(host: Host): void {
  void host.teams?.app.notifySuccess().catch(() => {});
}
