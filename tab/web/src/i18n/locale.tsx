import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { en } from './en.ts';
import { ja, type Locale, type Messages } from './ja.ts';

const MESSAGES: Record<Locale, Messages> = { ja, en };
const STORAGE_KEY = 'kinmu.locale';

export interface I18n {
  locale: Locale;
  t: Messages;
  /** The person's explicit choice (the language switch); remembered in this browser. */
  choose(locale: Locale): void;
  /** The signed-in employee's own setting, used when neither Teams nor the person chose. */
  setProfileLocale(locale: Locale | null): void;
}

const I18nContext = createContext<I18n | null>(null);

function readChoice(): Locale | null {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored === 'ja' || stored === 'en' ? stored : null;
  } catch {
    return null; // storage can be blocked inside a third-party frame
  }
}

function storeChoice(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // the choice then lasts for this page only
  }
}

/**
 * Which language the tab speaks: the person's explicit choice, else the Teams client's language,
 * else the employee's setting, else Japanese.
 */
export function resolveLocale(choice: Locale | null, host: Locale | null, profile: Locale | null): Locale {
  return choice ?? host ?? profile ?? 'ja';
}

export function LocaleProvider({ hostLocale, children }: { hostLocale: Locale | null; children: ReactNode }) {
  const [choice, setChoice] = useState<Locale | null>(readChoice);
  const [profile, setProfileLocale] = useState<Locale | null>(null);
  const locale = resolveLocale(choice, hostLocale, profile);

  const choose = useCallback((next: Locale) => {
    storeChoice(next);
    setChoice(next);
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const value = useMemo<I18n>(
    () => ({ locale, t: MESSAGES[locale], choose, setProfileLocale }),
    [locale, choose],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n() outside <LocaleProvider>');
  return value;
}

/**
 * A page's own texts ({ ja, en } with the same shape), picked for the current locale. Pages with many
 * texts keep them beside the page instead of in the shared ja.ts/en.ts.
 */
export function usePageTexts<T>(texts: { ja: T; en: NoInfer<T> }): T {
  const { locale } = useI18n();
  return texts[locale];
}

/** Numbers as the locale writes them, at most `digits` decimals. */
export function formatNumber(locale: Locale, value: number, digits = 1): string {
  return new Intl.NumberFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', { maximumFractionDigits: digits }).format(
    value,
  );
}
