import {
  Avatar,
  Body1,
  Caption1,
  Card,
  makeStyles,
  Subtitle2,
  Text,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { type ReactNode, useId } from 'react';
import { PageHeader } from '../components/page-header.tsx';
import { avatarInitial } from '../components/persona-picker.tsx';
import { RoleBadges } from '../components/role-badges.tsx';
import { useI18n } from '../i18n/locale.tsx';
import { useSignedIn } from '../signed-in.ts';
import type { PageProps } from './page-registry.ts';

const useStyles = makeStyles({
  profile: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalM,
    alignItems: 'start',
    marginBlockEnd: tokens.spacingVerticalXL,
    maxWidth: '60rem',
  },
  identity: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  kana: { color: tokens.colorNeutralForeground2 },
  name: { margin: 0 },
  facts: {
    gridColumn: '1 / -1',
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(14rem, 1fr))',
    gap: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXL}`,
    margin: 0,
  },
  fact: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0 },
  cards: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 22rem), 1fr))',
    gap: tokens.spacingHorizontalL,
    maxWidth: '60rem',
  },
  card: { height: '100%', boxSizing: 'border-box' },
  cardTitle: { margin: 0 },
  empty: { color: tokens.colorNeutralForeground2 },
});

function Fact({ term, children }: { term: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.fact}>
      <dt className={styles.term}>
        <Caption1>{term}</Caption1>
      </dt>
      <dd className={styles.value}>
        <Body1>{children}</Body1>
      </dd>
    </div>
  );
}

function SummaryCard({ title, empty }: { title: string; empty: string }) {
  const styles = useStyles();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <Card className={styles.card}>
        <Subtitle2 as="h2" id={headingId} className={styles.cardTitle}>
          {title}
        </Subtitle2>
        <Body1 className={styles.empty}>{empty}</Body1>
      </Card>
    </section>
  );
}

/** 自分: who is signed in, and (as other APIs arrive) their overtime, leave and plans. */
export function MePage(_props: PageProps) {
  const styles = useStyles();
  const { t } = useI18n();
  const { me } = useSignedIn();
  const e = me.employee;
  const nameId = useId();

  return (
    <>
      <PageHeader title={t.nav.me} />
      <Card className={styles.profile} role="region" aria-labelledby={nameId}>
        <Avatar name={e.name} initials={avatarInitial(e.name)} color="colorful" size={64} aria-hidden />
        <div className={styles.identity}>
          <Text size={200} className={styles.kana} lang="ja">
            {e.kana}
          </Text>
          <Title3 as="h2" id={nameId} className={styles.name} lang="ja">
            {e.name}
          </Title3>
          <RoleBadges roles={me.roles} isManager={me.isManager} label={t.me.roles} />
        </div>
        <dl className={styles.facts} aria-label={t.me.profileLabel}>
          <Fact term={t.me.employeeNo}>{e.employeeNo}</Fact>
          <Fact term={t.me.section}>{e.section.name}</Fact>
          <Fact term={t.me.bureau}>{e.bureau.name}</Fact>
          <Fact term={t.me.bureauKind}>{t.bureauKind[e.bureau.kind] ?? e.bureau.kind}</Fact>
          <Fact term={t.me.manager}>{e.manager?.name ?? t.me.noManager}</Fact>
          <Fact term={t.me.managerial}>{e.isManagerial ? t.me.yes : t.me.no}</Fact>
          <Fact term={t.me.upn}>{e.upn}</Fact>
        </dl>
      </Card>

      <div className={styles.cards}>
        <SummaryCard title={t.me.overtime.title} empty={t.me.overtime.empty} />
        <SummaryCard title={t.me.annualLeave.title} empty={t.me.annualLeave.empty} />
        <SummaryCard title={t.me.leavePlans.title} empty={t.me.leavePlans.empty} />
        <SummaryCard title={t.me.childcare.title} empty={t.me.childcare.empty} />
      </div>
    </>
  );
}
