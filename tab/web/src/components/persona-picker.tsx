import {
  Avatar,
  Body1,
  Button,
  Caption1,
  Card,
  CardFooter,
  CardHeader,
  makeStyles,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { DevPersona } from '../api.types.ts';
import { useI18n } from '../i18n/locale.tsx';
import { Notice } from './notice.tsx';
import { PageLayout } from './page-layout.tsx';
import { usePageStyles } from './page-styles.ts';
import { RoleBadges } from './role-badges.tsx';

const useStyles = makeStyles({
  list: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(18rem, 1fr))',
    gap: tokens.spacingHorizontalL,
    listStyleType: 'none',
    margin: 0,
    padding: 0,
  },
  card: { height: '100%', boxSizing: 'border-box' },
  footer: { marginBlockStart: 'auto' },
});

/** First character of the family name: Fluent's own initials skip kanji. */
export const avatarInitial = (name: string) => Array.from(name.trim())[0] ?? '';

/**
 * Development only (the server answers /api/tab/dev/personas only with AUTH_MODE=dev): choose
 * whom to act as. The choice is sent as X-Dev-Persona, which a production server ignores.
 */
export function PersonaPicker({
  personas,
  notice,
  onPick,
}: {
  personas: readonly DevPersona[];
  notice?: string;
  onPick(employeeNo: string): void;
}) {
  const styles = useStyles();
  const page = usePageStyles();
  const { t } = useI18n();
  return (
    <PageLayout title={t.picker.title} intro={<Body1>{t.picker.intro}</Body1>}>
      {notice && (
        <Notice intent="warning" className={page.notice}>
          {notice}
        </Notice>
      )}
      {personas.length === 0 ? (
        <Body1>{t.picker.empty}</Body1>
      ) : (
        <ul className={styles.list} aria-label={t.picker.listLabel}>
          {personas.map((p) => (
            <li key={p.employeeNo}>
              <Card className={styles.card}>
                <CardHeader
                  image={
                    <Avatar name={p.name} initials={avatarInitial(p.name)} color="colorful" aria-hidden />
                  }
                  header={
                    <Text as="h2" weight="semibold" size={400} className={page.heading} lang="ja">
                      {p.name}
                    </Text>
                  }
                  description={
                    <Caption1 className={page.muted}>
                      {p.kana} · {p.employeeNo}
                    </Caption1>
                  }
                />
                <Body1>
                  {p.bureauName} / {p.sectionName}
                </Body1>
                <RoleBadges roles={p.roles} isManager={p.isManager} label={t.me.roles} />
                <Body1 className={page.muted}>{p.description}</Body1>
                <CardFooter className={styles.footer}>
                  <Button appearance="primary" onClick={() => onPick(p.employeeNo)}>
                    {t.picker.open(p.name)}
                  </Button>
                </CardFooter>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </PageLayout>
  );
}
