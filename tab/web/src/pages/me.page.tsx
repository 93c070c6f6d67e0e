import {
  Avatar,
  Body1,
  Caption1,
  Card,
  makeStyles,
  mergeClasses,
  Text,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { type ReactNode, useId } from 'react';
import type { MySummary } from '../../../../contracts/tab-api/me.contract.ts';
import { PageLayout } from '../components/page-layout.tsx';
import { usePageStyles } from '../components/page-styles.ts';
import { avatarInitial } from '../components/persona-picker.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { RoleBadges } from '../components/role-badges.tsx';
import { useApiData } from '../components/use-api-data.ts';
import { useI18n, usePageTexts } from '../i18n/locale.tsx';
import { useSignedIn } from '../signed-in.ts';
import { ME_TEXTS } from './me/me.texts.ts';
import {
  ChildcareBody,
  Empty,
  LeaveBody,
  MeCard,
  OvertimeBody,
  PendingBody,
  PlansBody,
} from './me/me-cards.tsx';
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
  facts: {
    gridColumn: '1 / -1',
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(14rem, 1fr))',
    gap: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXL}`,
    margin: 0,
  },
  fact: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  cards: { gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 22rem), 1fr))', maxWidth: '60rem' },
});

function Fact({ term, children }: { term: string; children: ReactNode }) {
  const styles = useStyles();
  const page = usePageStyles();
  return (
    <div className={styles.fact}>
      <dt className={page.muted}>
        <Caption1>{term}</Caption1>
      </dt>
      <dd className={page.heading}>
        <Body1>{children}</Body1>
      </dd>
    </div>
  );
}

/** 自分: who is signed in, their overtime this month and its pace, annual leave, leave plans and childcare plan. */
export function MePage(_props: PageProps) {
  const styles = useStyles();
  const page = usePageStyles();
  const { t } = useI18n();
  const { me } = useSignedIn();
  const e = me.employee;
  const nameId = useId();
  const { data: summary, error, reload } = useApiData<MySummary>('/api/tab/me/summary');
  const mt = usePageTexts(ME_TEXTS);

  // Each card: its figures when the summary has them, else why not.
  const cards: { title: string; body: ReactNode; empty: string }[] = [
    {
      title: t.me.overtime.title,
      body: summary?.overtime && summary.last12.some((m) => m.hours !== null) && (
        <OvertimeBody summary={summary} />
      ),
      empty: t.me.overtime.empty,
    },
    {
      title: t.me.annualLeave.title,
      body: summary?.annualLeave && <LeaveBody leave={summary.annualLeave} />,
      empty: t.me.annualLeave.empty,
    },
    {
      title: t.me.leavePlans.title,
      body: summary?.leavePlans && summary.leavePlans.length > 0 && <PlansBody plans={summary.leavePlans} />,
      empty: t.me.leavePlans.empty,
    },
    {
      title: t.me.childcare.title,
      body: summary?.childcare && <ChildcareBody childcare={summary.childcare} />,
      empty: t.me.childcare.empty,
    },
  ];

  return (
    <PageLayout title={t.nav.me}>
      <Card className={styles.profile} role="region" aria-labelledby={nameId}>
        <Avatar name={e.name} initials={avatarInitial(e.name)} color="colorful" size={64} aria-hidden />
        <div className={styles.identity}>
          <Text size={200} className={page.muted} lang="ja">
            {e.kana}
          </Text>
          <Title3 as="h2" id={nameId} className={page.heading} lang="ja">
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

      {error !== null && <ProblemMessage error={error} onRetry={reload} />}
      <div className={mergeClasses(page.grid, styles.cards)} aria-busy={!summary && error === null}>
        {cards.map((c) => (
          <MeCard key={c.title} title={c.title}>
            {c.body || <Empty>{c.empty}</Empty>}
          </MeCard>
        ))}
        {summary && (
          <MeCard title={mt.pendingTitle}>
            <PendingBody pending={summary.pending} />
          </MeCard>
        )}
      </div>
    </PageLayout>
  );
}
