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
      {/* The full height goes on a box inside: Fluent copies the provider's className onto every
          portal's mount node, and a 100vh portal node covered the page in white whenever a
          dropdown (template picker, survey and question pickers) or a popover was open. */}
      <FluentProvider theme={fluentTheme(theme)} data-theme={theme}>
        <div className={styles.provider}>{children}</div>
      </FluentProvider>
    </LocaleProvider>
  );
}
