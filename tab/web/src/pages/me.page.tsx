import { Avatar, Body1, Caption1, Card, makeStyles, Text, Title3, tokens } from '@fluentui/react-components';
import { type ReactNode, useId } from 'react';
import type { MySummary } from '../../../../core/dashboard/me.service.ts';
import { PageHeader } from '../components/page-header.tsx';
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

/** 自分: who is signed in, their overtime this month and its pace, annual leave, leave plans and childcare plan. */
export function MePage(_props: PageProps) {
  const styles = useStyles();
  const { t } = useI18n();
  const { me } = useSignedIn();
  const e = me.employee;
  const nameId = useId();
  const { data: summary, error, reload } = useApiData<MySummary>('/api/tab/me/summary');
  const mt = usePageTexts(ME_TEXTS);

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

      {error !== null && <ProblemMessage error={error} onRetry={reload} />}
      <div className={styles.cards} aria-busy={!summary && error === null}>
        <MeCard title={t.me.overtime.title}>
          {summary?.overtime && summary.last12.some((m) => m.hours !== null) ? (
            <OvertimeBody summary={summary} />
          ) : (
            <Empty>{t.me.overtime.empty}</Empty>
          )}
        </MeCard>
        <MeCard title={t.me.annualLeave.title}>
          {summary?.annualLeave ? (
            <LeaveBody leave={summary.annualLeave} />
          ) : (
            <Empty>{t.me.annualLeave.empty}</Empty>
          )}
        </MeCard>
        <MeCard title={t.me.leavePlans.title}>
          {summary?.leavePlans && summary.leavePlans.length > 0 ? (
            <PlansBody plans={summary.leavePlans} />
          ) : (
            <Empty>{t.me.leavePlans.empty}</Empty>
          )}
        </MeCard>
        <MeCard title={t.me.childcare.title}>
          {summary?.childcare ? (
            <ChildcareBody childcare={summary.childcare} />
          ) : (
            <Empty>{t.me.childcare.empty}</Empty>
          )}
        </MeCard>
        {summary && (
          <MeCard title={mt.pendingTitle}>
            <PendingBody pending={summary.pending} />
          </MeCard>
        )}
      </div>
    </>
  );
}
