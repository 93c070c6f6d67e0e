import {
  Body1,
  Caption1,
  Field,
  Link,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Radio,
  RadioGroup,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { AppFrame } from '../components/app-frame.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { ThemedRoot } from '../components/themed-root.tsx';
import { useI18n } from '../i18n/locale.tsx';
import { type DashboardScope, dashboardContentUrl, dashboardScope } from '../nav.ts';
import { type Host, notifyLoaded } from '../teams-context.ts';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '40rem' },
  hint: { color: tokens.colorNeutralForeground2, display: 'block' },
});

/**
 * The configurable channel tab's configuration page (config.html): a chief picks the section or
 * bureau dashboard, and on Save we hand Teams the content URL. Access is still decided by the API
 * when the tab opens, per viewer.
 */
function ConfigPage({ host }: { host: Host }) {
  const styles = useStyles();
  const { t } = useI18n();
  const [scope, setScope] = useState<DashboardScope | null>(null);
  const scopeRef = useRef(scope);
  scopeRef.current = scope;
  const labels = useRef(t);
  labels.current = t;

  useEffect(() => {
    if (!host.teams) return;
    const { pages } = host.teams;
    // Editing an existing tab: start from what it shows now.
    pages
      .getConfig()
      .then((config) => {
        const current = config.contentUrl ? dashboardScope(new URL(config.contentUrl).search) : null;
        if (current) setScope((s) => s ?? current);
      })
      .catch(() => {});
    pages.config.registerOnSaveHandler((event) => {
      const chosen = scopeRef.current;
      if (!chosen) return event.notifyFailure(labels.current.config.saveFailed);
      pages.config
        .setConfig({
          contentUrl: dashboardContentUrl(window.location.origin, chosen),
          entityId: `dashboard-${chosen}`,
          suggestedDisplayName: labels.current.config[chosen],
        })
        .then(
          () => event.notifySuccess(),
          () => event.notifyFailure(labels.current.config.saveFailed),
        );
    });
    notifyLoaded(host);
  }, [host]);

  useEffect(() => {
    host.teams?.pages.config.setValidityState(scope !== null);
  }, [host, scope]);

  return (
    <>
      <PageHeader title={t.config.title}>
        <Body1>{t.config.intro}</Body1>
      </PageHeader>
      <div className={styles.form}>
        {!host.inTeams && (
          <MessageBar intent="info">
            <MessageBarBody>{t.config.outsideTeams}</MessageBarBody>
          </MessageBar>
        )}
        <Field label={t.config.scopeLabel} required>
          <RadioGroup value={scope ?? ''} onChange={(_e, data) => setScope(data.value as DashboardScope)}>
            {(['section', 'bureau'] as const).map((s) => (
              <Radio
                key={s}
                value={s}
                label={
                  <>
                    {t.config[s]}
                    <Caption1 className={styles.hint}>
                      {t.config[s === 'section' ? 'sectionHint' : 'bureauHint']}
                    </Caption1>
                  </>
                }
              />
            ))}
          </RadioGroup>
        </Field>
        {scope && (
          <Body1>
            {t.config.contentUrl}:{' '}
            <Link href={dashboardContentUrl(window.location.origin, scope)} inline>
              {dashboardContentUrl(window.location.origin, scope)}
            </Link>
          </Body1>
        )}
      </div>
    </>
  );
}

export function ConfigApp({ host }: { host: Host }) {
  return (
    <ThemedRoot host={host}>
      <AppFrame>
        <ConfigPage host={host} />
      </AppFrame>
    </ThemedRoot>
  );
}
