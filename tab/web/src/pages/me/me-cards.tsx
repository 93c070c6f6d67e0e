import { Badge, Body1, Caption1, makeStyles, ProgressBar, Text, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { MySummary } from '../../../../../contracts/tab-api/me.contract.ts';
import { Notice } from '../../components/notice.tsx';
import { PageSection } from '../../components/page-layout.tsx';
import { usePageStyles } from '../../components/page-styles.ts';
import { VisuallyHidden } from '../../components/visually-hidden.tsx';
import { formatNumber, useI18n, usePageTexts } from '../../i18n/locale.tsx';
import { ME_TEXTS } from './me.texts.ts';

const useStyles = makeStyles({
  card: { height: '100%', boxSizing: 'border-box' },
  big: {
    fontSize: tokens.fontSizeHero700,
    lineHeight: tokens.lineHeightHero700,
    fontWeight: tokens.fontWeightSemibold,
  },
  bars: {
    display: 'flex',
    alignItems: 'flex-end',
    gap: '4px',
    height: '96px',
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  barItem: {
    flex: 1,
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'flex-end',
    height: '100%',
    gap: '2px',
  },
  bar: {
    width: '100%',
    borderRadius: '2px 2px 0 0',
    backgroundColor: tokens.colorBrandBackground,
    minHeight: '1px',
  },
  barHigh: { backgroundColor: tokens.colorPaletteRedBackground3 },
  barLabel: { fontSize: tokens.fontSizeBase100, color: tokens.colorNeutralForeground2 },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  line: {
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    flexWrap: 'wrap',
  },
});

/** What every card's body uses: the styles, the texts and numbers in the reader's locale. */
function useCardBody() {
  const styles = useStyles();
  const page = usePageStyles();
  const { locale } = useI18n();
  const t = usePageTexts(ME_TEXTS);
  return { styles, page, t, locale, n: (v: number) => formatNumber(locale, v) };
}

export function MeCard({ title, children }: { title: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <PageSection title={title} className={styles.card}>
      {children}
    </PageSection>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  const page = usePageStyles();
  return <Body1 className={page.muted}>{children}</Body1>;
}

export function OvertimeBody({ summary }: { summary: MySummary }) {
  const { styles, page, t, locale, n } = useCardBody();
  const o = summary.overtime;
  if (!o) return null;
  const max = Math.max(o.levels.doctor, ...summary.last12.map((m) => m.hours ?? 0));
  const label = (m: string) => (locale === 'ja' ? `${Number(m.slice(5))}月` : m.slice(5));
  return (
    <>
      <Text className={styles.big}>{t.hours(n(o.hours))}</Text>
      {o.basis === 'pace' && (
        <Body1>
          {t.projected(n(o.projectedHours))}{' '}
          <Caption1 className={page.muted}>（{t.pace(o.workingDaysElapsed, o.workingDaysInMonth)}）</Caption1>
        </Body1>
      )}
      {o.basis === 'too_early' && <Caption1 className={page.muted}>{t.tooEarly}</Caption1>}
      {o.basis === 'final' && <Caption1 className={page.muted}>{t.final}</Caption1>}
      <ProgressBar
        value={Math.min(1, o.hours / o.levels.doctor)}
        color={o.hours >= o.levels.high ? 'error' : o.hours >= o.levels.warn ? 'warning' : 'brand'}
        thickness="large"
        aria-label={t.levels(n(o.levels.warn), n(o.levels.high), n(o.levels.doctor))}
      />
      <Caption1 className={page.muted}>
        {t.levels(n(o.levels.warn), n(o.levels.high), n(o.levels.doctor))}
      </Caption1>
      {o.alertLevels.includes('month100') ? (
        <Notice intent="error">{t.doctor}</Notice>
      ) : o.alertLevels.includes('month80') ? (
        <Notice intent="warning">{t.warn80}</Notice>
      ) : null}
      <Caption1 as="h3" className={page.muted} style={{ margin: 0 }}>
        {t.last12}
      </Caption1>
      <VisuallyHidden>
        {t.last12Summary(
          summary.last12
            .map((m) => `${m.month} ${m.hours === null ? t.noData : t.hours(n(m.hours))}`)
            .join(', '),
        )}
      </VisuallyHidden>
      <ul className={styles.bars} aria-hidden="true">
        {summary.last12.map((m) => (
          <li
            key={m.month}
            className={styles.barItem}
            title={`${m.month}: ${m.hours === null ? t.noData : t.hours(n(m.hours))}`}
          >
            <div
              className={`${styles.bar} ${(m.hours ?? 0) >= o.levels.high ? styles.barHigh : ''}`}
              style={{ height: `${Math.round(((m.hours ?? 0) / max) * 80)}px` }}
            />
            <span className={styles.barLabel}>{label(m.month)}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

export function LeaveBody({ leave }: { leave: NonNullable<MySummary['annualLeave']> }) {
  const { styles, page, t, n } = useCardBody();
  return (
    <>
      <Text className={styles.big}>{t.used(n(leave.usedDays), n(leave.goalDays))}</Text>
      <ProgressBar
        value={Math.min(1, leave.usedDays / leave.goalDays)}
        thickness="large"
        color={leave.usedDays >= leave.paceDays ? 'success' : 'warning'}
        aria-label={t.leaveProgress}
      />
      <Caption1 className={page.muted}>
        {t.leavePace(n(leave.paceDays))} · {t.remaining(n(leave.remainingDays))}
        {leave.plannedDays > 0 ? ` · ${t.planned(n(leave.plannedDays))}` : ''}
      </Caption1>
    </>
  );
}

export function PlansBody({ plans }: { plans: NonNullable<MySummary['leavePlans']> }) {
  const { styles, page, t, n } = useCardBody();
  return (
    <ul className={styles.list}>
      {plans.map((p) => (
        <li key={p.campaignId} className={styles.line}>
          <Body1>{p.title}</Body1>
          <span>
            <Badge appearance="tint" color={p.submitted ? 'success' : 'warning'} shape="rounded">
              {p.submitted ? `${t.submitted} · ${t.planDays(n(p.days))}` : t.notSubmitted}
            </Badge>{' '}
            <Caption1 className={page.muted}>{t.deadline(p.deadline)}</Caption1>
          </span>
        </li>
      ))}
    </ul>
  );
}

export function ChildcareBody({ childcare }: { childcare: NonNullable<MySummary['childcare']> }) {
  const { page, t } = useCardBody();
  return (
    <>
      <Body1>
        <Badge appearance="tint" shape="rounded">
          {t.childcareStatus[childcare.status] ?? childcare.status}
        </Badge>
      </Body1>
      {childcare.birthDate ? (
        <Body1>{t.birthDate(childcare.birthDate)}</Body1>
      ) : childcare.dueDate ? (
        <Body1>{t.dueDate(childcare.dueDate)}</Body1>
      ) : null}
      <Caption1 className={page.muted}>{childcare.sharedWithManager ? t.shared : t.notShared}</Caption1>
    </>
  );
}

export function PendingBody({ pending }: { pending: MySummary['pending'] }) {
  const { styles, t } = useCardBody();
  const items = [
    pending.alertFollowUps > 0 ? t.pendingFollowUps(pending.alertFollowUps) : null,
    pending.plansToSubmit > 0 ? t.pendingPlans(pending.plansToSubmit) : null,
    pending.childcareSheet ? t.pendingChildcare : null,
  ].filter((x): x is string => x !== null);
  if (items.length === 0) return <Empty>{t.pendingNone}</Empty>;
  return (
    <ul className={styles.list}>
      {items.map((item) => (
        <li key={item}>
          <Body1>{item}</Body1>
        </li>
      ))}
    </ul>
  );
}
