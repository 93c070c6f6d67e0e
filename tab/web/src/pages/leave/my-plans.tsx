import { Badge, Body1, Button, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { MyPlan } from '../../../../../contracts/tab-api/leave.contract.ts';
import { Notice } from '../../components/notice.tsx';
import { PageSection } from '../../components/page-layout.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { useApiData } from '../../components/use-api-data.ts';
import { usePageTexts } from '../../i18n/locale.tsx';
import { useSignedIn } from '../../signed-in.ts';
import { leavePlansTexts } from './leave-plans.texts.ts';

const useStyles = makeStyles({
  item: {
    display: 'grid',
    gap: tokens.spacingVerticalXS,
    paddingBlock: tokens.spacingVerticalS,
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  head: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  days: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
  // A badge has a fixed height and one line: the long 未提出 hint ran out of it at 400 px.
  badge: { height: 'auto', minHeight: '20px', whiteSpace: 'normal', maxWidth: '100%', paddingBlock: '2px' },
});

/** Consecutive planned dates of one kind become one calendar event (one "day off" block). */
export function calendarRuns(
  entries: { date: string; kind: string }[],
): { start: string; end: string; kind: string }[] {
  const runs: { start: string; end: string; kind: string }[] = [];
  const next = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  for (const e of [...entries].sort((a, b) => a.date.localeCompare(b.date))) {
    const last = runs.at(-1);
    if (last && last.kind === e.kind && next(last.end) === e.date) last.end = e.date;
    else runs.push({ start: e.date, end: e.date, kind: e.kind });
  }
  return runs;
}

/** The viewer's own plans; with Teams sign-in, the days can go to their Outlook calendar (their consent: this button). */
export function MyLeavePlans() {
  const styles = useStyles();
  const t = usePageTexts(leavePlansTexts);
  const { api } = useSignedIn();
  const { data, error, reload } = useApiData<{ plans: MyPlan[] }>('/api/tab/leave/my-plans');
  const [result, setResult] = useState<{ id: string; added?: number; error?: unknown } | null>(null);

  const addToCalendar = async (item: MyPlan) => {
    const runs = calendarRuns(item.plan?.entries ?? []);
    let added = 0;
    try {
      for (const r of runs) {
        await api.send('POST', '/api/tab/me/calendar-events', {
          subject: t.kindLong[r.kind] ?? r.kind,
          start: r.start,
          end: r.end,
          showAs: 'oof',
        });
        added++;
      }
      setResult({ id: item.campaign.id, added });
    } catch (err) {
      setResult({ id: item.campaign.id, error: err });
    }
  };

  return (
    <PageSection title={t.myPlans}>
      {error !== null && <ProblemMessage error={error} onRetry={reload} />}
      {data && data.plans.length === 0 && <Body1>{t.myNone}</Body1>}
      {data?.plans.map((item) => (
        <div key={item.campaign.id} className={styles.item}>
          <div className={styles.head}>
            <Body1>{item.campaign.title}</Body1>
            <Caption1>
              {item.campaign.periodStart} – {item.campaign.periodEnd}
            </Caption1>
            {item.plan ? (
              <Badge appearance="tint" color="success" className={styles.badge}>
                {t.submitted(item.plan.version)}
              </Badge>
            ) : (
              <Badge appearance="tint" color="warning" className={styles.badge}>
                {item.phase === 'closed' ? t.notSubmittedClosed : t.notSubmitted}
              </Badge>
            )}
            {item.phase === 'closed' && <Badge appearance="outline">{t.closed}</Badge>}
          </div>
          {item.plan && item.plan.entries.length === 0 && <Caption1>{t.nothingPlanned}</Caption1>}
          {item.plan && item.plan.entries.length > 0 && (
            <>
              <ul className={styles.days}>
                {item.plan.entries.map((e) => (
                  <li key={e.date}>
                    {e.date} {t.kindLong[e.kind] ?? e.kind}
                  </li>
                ))}
              </ul>
              <div className={styles.actions}>
                <Button size="small" onClick={() => void addToCalendar(item)}>
                  {t.addToOutlook}
                </Button>
              </div>
            </>
          )}
          {result?.id === item.campaign.id && result.error !== undefined && (
            <ProblemMessage error={result.error} />
          )}
          {result?.id === item.campaign.id && result.added !== undefined && (
            <Notice intent="success">{t.addedToOutlook(result.added)}</Notice>
          )}
        </div>
      ))}
    </PageSection>
  );
}
