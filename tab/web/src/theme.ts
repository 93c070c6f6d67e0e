import {
  type Theme,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { Host, ThemeName } from './teams-context.ts';

// Teams' own stack, with Japanese faces named before the generic fallback so that kanji and kana
// come from a Japanese font (not a Chinese one) on every platform.
const fontFamilyBase =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", system-ui, "Hiragino Sans", "Hiragino Kaku Gothic ProN", ' +
  '"Yu Gothic UI", "Meiryo UI", Meiryo, "Noto Sans CJK JP", "Noto Sans JP", "Apple Color Emoji", "Segoe UI Emoji", sans-serif';

const THEMES: Record<ThemeName, Theme> = {
  light: { ...teamsLightTheme, fontFamilyBase },
  dark: { ...teamsDarkTheme, fontFamilyBase },
  contrast: { ...teamsHighContrastTheme, fontFamilyBase },
};

export const fluentTheme = (name: ThemeName): Theme => THEMES[name];

/** Outside Teams: `?theme=light|dark|contrast` (for tests and reviews) wins over the OS preference. */
export function standaloneTheme(search: string, media: (query: string) => boolean): ThemeName {
  const requested = new URLSearchParams(search).get('theme');
  if (requested === 'light' || requested === 'dark' || requested === 'contrast') return requested;
  if (requested === 'default') return 'light';
  if (media('(forced-colors: active)')) return 'contrast';
  return media('(prefers-color-scheme: dark)') ? 'dark' : 'light';
}

const matches = (query: string) => window.matchMedia?.(query).matches ?? false;

/** The current theme: Teams' theme and its changes inside Teams, the query or OS setting outside. */
export function useHostTheme(host: Host): ThemeName {
  const [theme, setTheme] = useState<ThemeName>(() =>
    host.inTeams ? host.theme : standaloneTheme(window.location.search, matches),
  );

  useEffect(() => {
    if (host.inTeams) return host.onThemeChange(setTheme);
    if (!window.matchMedia) return;
    const queries = ['(prefers-color-scheme: dark)', '(forced-colors: active)'].map((q) =>
      window.matchMedia(q),
    );
    const update = () => setTheme(standaloneTheme(window.location.search, matches));
    for (const q of queries) q.addEventListener('change', update);
    return () => {
      for (const q of queries) q.removeEventListener('change', update);
    };
  }, [host]);

  useEffect(() => {
    // Scrollbars and form controls outside Fluent follow the theme too.
    document.documentElement.style.colorScheme = theme === 'light' ? 'light' : 'dark';
    document.body.style.backgroundColor = THEMES[theme].colorNeutralBackground3;
  }, [theme]);

  return theme;
}
