import { Body1, makeStyles, Spinner, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState } from 'react';
import { createApiClient, isApiError } from './api.ts';
import type { DevPersona, Me, TabSession } from './api.types.ts';
import { devPersonaHeaders, devPersonaStore, teamsSsoHeaders } from './auth.ts';
import { AppFrame } from './components/app-frame.tsx';
import { PageHeader } from './components/page-header.tsx';
import { PersonaPicker } from './components/persona-picker.tsx';
import { ProblemMessage } from './components/problem-message.tsx';
import { ThemedRoot } from './components/themed-root.tsx';
import { createDownloader } from './downloads.ts';
import type { Locale } from './i18n/ja.ts';
import { useI18n } from './i18n/locale.tsx';
import { Shell } from './shell.tsx';
import type { SignedIn } from './signed-in.ts';
import { type Host, notifyLoaded } from './teams-context.ts';

type Screen =
  | { kind: 'loading' }
  | { kind: 'open-in-teams' }
  | { kind: 'pick-persona'; personas: DevPersona[]; expired: boolean }
  | { kind: 'signed-in'; signedIn: SignedIn; dev: boolean }
  | { kind: 'failed'; error: unknown };

const publicApi = createApiClient();

/**
 * Signs in as far as it can. Inside Teams: always Teams SSO. Outside Teams: a development persona,
 * only when the server says AUTH_MODE=dev; otherwise the page asks to be opened in Teams.
 */
async function signIn(host: Host, onDefaultLocale: (l: Locale) => void): Promise<Screen> {
  const session = await publicApi.get<TabSession>('/api/tab/session');
  onDefaultLocale(session.defaultLocale);

  if (host.teams) {
    const api = createApiClient(teamsSsoHeaders(host.teams));
    const me = await api.get<Me>('/api/tab/me');
    return { kind: 'signed-in', signedIn: { me, api, download: createDownloader(api, host) }, dev: false };
  }
  if (session.authMode !== 'dev') return { kind: 'open-in-teams' };

  let expired = false;
  const chosen = devPersonaStore.get();
  if (chosen) {
    const api = createApiClient(devPersonaHeaders(chosen));
    try {
      const me = await api.get<Me>('/api/tab/me');
      return { kind: 'signed-in', signedIn: { me, api, download: createDownloader(api, host) }, dev: true };
    } catch (err) {
      // The demo data was regenerated or the persona removed: choose again rather than fail.
      if (!isApiError(err) || ![401, 403, 404].includes(err.status)) throw err;
      devPersonaStore.clear();
      expired = true;
    }
  }
  const { personas } = await publicApi.get<{ personas: DevPersona[] }>('/api/tab/dev/personas');
  return { kind: 'pick-persona', personas, expired };
}

const useStyles = makeStyles({
  loading: { padding: tokens.spacingVerticalXXXL },
  message: { maxWidth: '44rem' },
});

function Screens({ host }: { host: Host }) {
  const styles = useStyles();
  const { t, setProfileLocale } = useI18n();
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const notified = useRef(false);

  useEffect(() => {
    void attempt; // each retry or persona change signs in again
    let current = true;
    setScreen({ kind: 'loading' });
    signIn(host, setProfileLocale).then(
      (next) => {
        if (!current) return;
        if (next.kind === 'signed-in') setProfileLocale(next.signedIn.me.employee.locale);
        setScreen(next);
      },
      (error: unknown) => {
        if (current) setScreen({ kind: 'failed', error });
      },
    );
    return () => {
      current = false;
    };
  }, [host, attempt, setProfileLocale]);

  useEffect(() => {
    if (screen.kind !== 'loading' && !notified.current) {
      notified.current = true;
      notifyLoaded(host);
    }
  }, [screen, host]);

  switch (screen.kind) {
    case 'loading':
      return (
        <AppFrame>
          <Spinner className={styles.loading} label={t.loading} />
        </AppFrame>
      );
    case 'open-in-teams':
      return (
        <AppFrame>
          <PageHeader title={t.auth.openInTeamsTitle}>
            <Body1 className={styles.message}>{t.auth.openInTeamsBody}</Body1>
          </PageHeader>
        </AppFrame>
      );
    case 'failed':
      return (
        <AppFrame>
          <PageHeader title={t.errors.title} />
          <ProblemMessage error={screen.error} onRetry={retry} />
        </AppFrame>
      );
    case 'pick-persona':
      return (
        <AppFrame>
          <PersonaPicker
            personas={screen.personas}
            notice={screen.expired ? t.picker.expired : undefined}
            onPick={(employeeNo) => {
              devPersonaStore.set(employeeNo);
              retry();
            }}
          />
        </AppFrame>
      );
    case 'signed-in':
      return (
        <Shell
          signedIn={screen.signedIn}
          subPageId={host.subPageId}
          devPersona={
            screen.dev
              ? {
                  onSwitch: () => {
                    devPersonaStore.clear();
                    retry();
                  },
                }
              : null
          }
        />
      );
  }
}

/** The themed, localised root. */
export function App({ host }: { host: Host }) {
  return (
    <ThemedRoot host={host}>
      <Screens host={host} />
    </ThemedRoot>
  );
}
