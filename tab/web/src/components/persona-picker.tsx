import {
  Avatar,
  Body1,
  Button,
  Caption1,
  Card,
  CardFooter,
  CardHeader,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { DevPersona } from '../api.types.ts';
import { useI18n } from '../i18n/locale.tsx';
import { PageHeader } from './page-header.tsx';
import { RoleBadges } from './role-badges.tsx';

const useStyles = makeStyles({
  notice: { marginBlockEnd: tokens.spacingVerticalL },
  list: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(18rem, 1fr))',
    gap: tokens.spacingHorizontalL,
    listStyleType: 'none',
    margin: 0,
    padding: 0,
  },
  card: { height: '100%', boxSizing: 'border-box' },
  name: { margin: 0 },
  meta: { color: tokens.colorNeutralForeground2 },
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
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t.picker.title}>
        <Body1>{t.picker.intro}</Body1>
      </PageHeader>
      {notice && (
        <MessageBar intent="warning" className={styles.notice}>
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
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
                    <Text as="h2" weight="semibold" size={400} className={styles.name} lang="ja">
                      {p.name}
                    </Text>
                  }
                  description={
                    <Caption1 className={styles.meta}>
                      {p.kana} · {p.employeeNo}
                    </Caption1>
                  }
                />
                <Body1>
                  {p.bureauName} / {p.sectionName}
                </Body1>
                <RoleBadges roles={p.roles} isManager={p.isManager} label={t.me.roles} />
                <Body1 className={styles.meta}>{p.description}</Body1>
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
    </>
  );
}
