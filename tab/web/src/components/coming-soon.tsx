import { Badge, Body1, Caption1, Card, makeStyles, tokens } from '@fluentui/react-components';
import { useI18n } from '../i18n/locale.tsx';
import type { DashboardScope, PageId } from '../nav.ts';
import { PageHeader } from './page-header.tsx';

const useStyles = makeStyles({
  card: { maxWidth: '44rem', gap: tokens.spacingVerticalS },
});

/** Placeholder for a page not built yet: says what it will hold, so the navigation makes sense now. */
export function ComingSoon({ page, scope }: { page: Exclude<PageId, 'me'>; scope: DashboardScope | null }) {
  const styles = useStyles();
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t.nav[page]}>
        <Body1>{t.pageIntro[page]}</Body1>
      </PageHeader>
      <Card className={styles.card}>
        <div>
          <Badge appearance="tint" color="warning" shape="rounded">
            {t.comingSoon.badge}
          </Badge>
        </div>
        <Body1>{t.comingSoon.body}</Body1>
        {scope && <Caption1>{t.comingSoon.scope[scope]}</Caption1>}
      </Card>
    </>
  );
}
