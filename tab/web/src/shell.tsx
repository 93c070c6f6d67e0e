import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Spinner,
  Tab,
  TabList,
} from '@fluentui/react-components';
import { Suspense, useMemo, useState } from 'react';
import { AppFrame } from './components/app-frame.tsx';
import { Notice } from './components/notice.tsx';
import { usePageStyles } from './components/page-styles.ts';
import { useI18n } from './i18n/locale.tsx';
import { dashboardScope, type PageId, requestedPage, searchWithView, visiblePages } from './nav.ts';
import { PAGES } from './pages/page-registry.ts';
import { type SignedIn, SignedInContext } from './signed-in.ts';

/** The signed-in tab: navigation by role, the chosen page, and the dev-mode banner when acting as a persona. */
export function Shell({
  signedIn,
  subPageId,
  devPersona,
}: {
  signedIn: SignedIn;
  subPageId: string | null;
  /** Set in AUTH_MODE=dev: shows who we act as and how to switch. */
  devPersona: { onSwitch(): void } | null;
}) {
  const pageStyles = usePageStyles();
  const { t } = useI18n();
  const { me } = signedIn;
  const visible = useMemo(() => visiblePages(me), [me]);
  const [initial] = useState(() => requestedPage(window.location.search, subPageId, visible));
  const [page, setPage] = useState<PageId>(initial.page);
  const [refused, setRefused] = useState(initial.refused);
  const scope = dashboardScope(window.location.search);

  const open = (next: PageId) => {
    setPage(next);
    setRefused(false);
    // replaceState: inside Teams the tab has no history of its own worth keeping.
    window.history.replaceState(null, '', searchWithView(window.location.search, next));
  };

  const Page = PAGES[page];

  const banner = devPersona && (
    <MessageBar intent="warning">
      <MessageBarBody>{t.auth.devBanner(me.employee.name, me.employee.employeeNo)}</MessageBarBody>
      <MessageBarActions>
        <Button size="small" onClick={devPersona.onSwitch}>
          {t.auth.switchPersona}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );

  const nav = (
    <TabList selectedValue={page} onTabSelect={(_e, data) => open(data.value as PageId)}>
      {visible.map((id) => (
        <Tab key={id} id={`tab-${id}`} value={id} aria-controls="page-panel">
          {t.nav[id]}
        </Tab>
      ))}
    </TabList>
  );

  return (
    <SignedInContext.Provider value={signedIn}>
      <AppFrame banner={banner} nav={nav}>
        {refused && (
          <Notice intent="info" className={pageStyles.notice}>
            {t.viewNotAllowed}
          </Notice>
        )}
        <div role="tabpanel" id="page-panel" aria-labelledby={`tab-${page}`}>
          <Suspense fallback={<Spinner className={pageStyles.loading} label={t.loading} />}>
            <Page scope={scope} />
          </Suspense>
        </div>
      </AppFrame>
    </SignedInContext.Provider>
  );
}
