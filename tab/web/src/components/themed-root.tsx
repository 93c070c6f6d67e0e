import { FluentProvider, makeStyles } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { LocaleProvider } from '../i18n/locale.tsx';
import type { Host } from '../teams-context.ts';
import { fluentTheme, useHostTheme } from '../theme.ts';

const useStyles = makeStyles({
  provider: { minHeight: '100vh' },
});

/** The localised root in the host's theme (light, dark, contrast), for the tab and its config page. */
export function ThemedRoot({ host, children }: { host: Host; children: ReactNode }) {
  const styles = useStyles();
  const theme = useHostTheme(host);
  return (
    <LocaleProvider hostLocale={host.locale}>
      <FluentProvider theme={fluentTheme(theme)} className={styles.provider} data-theme={theme}>
        {children}
      </FluentProvider>
    </LocaleProvider>
  );
}
