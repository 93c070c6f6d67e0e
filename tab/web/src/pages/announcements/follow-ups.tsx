import { Badge, Body1, Button, Caption1, Card } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type {
  MailCounts,
  RemindedPeople,
  Series,
} from '../../../../../contracts/tab-api/announcement-followups.contract.ts';
import { DataTable } from '../../components/data-table.tsx';
import { PageSection } from '../../components/page-layout.tsx';
import { usePageStyles } from '../../components/page-styles.ts';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { formatNumber, useI18n, usePageTexts } from '../../i18n/locale.tsx';
import { useSignedIn } from '../../signed-in.ts';
import { FOLLOW_UP_TEXTS } from './follow-ups.texts.ts';

/** Under an announcement's details: who was reminded (by round) and who got it by e-mail. */
export function FollowUpDetails({ id }: { id: string }) {
  const styles = usePageStyles();
  const { locale } = useI18n();
  const t = usePageTexts(FOLLOW_UP_TEXTS);
  const { api } = useSignedIn();
  const [reminded, setReminded] = useState<RemindedPeople | null>(null);
  const [mail, setMail] = useState<MailCounts | null>(null);
  const [error, setError] = useState<unknown>(null);
  const n = (v: number) => formatNumber(locale, v, 0);
  useEffect(() => {
    api.get<RemindedPeople>(`/api/tab/announcements/${id}/reminders`).then(setReminded, setError);
    api.get<MailCounts>(`/api/tab/announcements/${id}/mail`).then(setMail, setError);
  }, [api, id]);
  return (
    <div className={styles.list}>
      {error !== null && <ProblemMessage error={error} />}
      {mail && (mail.mailed > 0 || mail.failed > 0) && (
        <Body1>{t.mail(n(mail.mailed), n(mail.failed), n(mail.noAddress))}</Body1>
      )}
      {reminded && reminded.max > 0 && (
        <>
          <Body1>
            {t.reminderRule(n(reminded.afterHours ?? 0), n(reminded.max))}
            {reminded.rounds.map((r) => ` · ${t.round(n(r.round), n(r.sent), n(r.cancelled))}`).join('')}
          </Body1>
          {reminded.people.length > 0 && (
            <DataTable
              caption={t.remindedTable}
              rows={reminded.people}
              rowKey={(p) => `${p.employeeNo}:${p.round}`}
              columns={[
                { id: 'employeeNo', header: t.employeeNo, cell: (p) => p.employeeNo },
                { id: 'name', header: t.name, cell: (p) => p.name },
                { id: 'section', header: t.section, cell: (p) => p.section },
                { id: 'round', header: t.roundCol, cell: (p) => n(p.round) },
                { id: 'acked', header: t.ackedCol, cell: (p) => (p.ackedAt ? t.yes : t.no) },
              ]}
            />
          )}
        </>
      )}
    </div>
  );
}

/** Recurring announcements: their next dates (holidays shown), approval once per series, stop. */
export function SeriesList({ version }: { version: number }) {
  const styles = usePageStyles();
  const t = usePageTexts(FOLLOW_UP_TEXTS);
  const { api } = useSignedIn();
  const [series, setSeries] = useState<Series[]>([]);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(
    () =>
      api
        .get<{ series: Series[] }>('/api/tab/announcement-series')
        .then((r) => setSeries(r.series), setError),
    [api],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: version reloads after a send
  useEffect(() => {
    void load();
  }, [load, version]);
  const act = (path: string) =>
    api.send('POST', path, {}).then(() => {
      setError(null);
      return load();
    }, setError);
  if (series.length === 0 && error === null) return null;
  return (
    <PageSection title={t.seriesTitle} card={false} className={styles.list}>
      {error !== null && <ProblemMessage error={error} />}
      {series.map((s) => (
        <Card key={s.id}>
          <div className={styles.row}>
            <Body1>{s.title}</Body1>
            <Badge appearance="tint">{t.seriesStates[s.state]}</Badge>
          </div>
          {s.upcoming.length > 0 && (
            <Caption1 className={styles.muted}>
              {t.next}{' '}
              {s.upcoming
                .map((o) => (o.shiftedFrom ? t.shifted(o.date, o.shiftedFrom, o.holiday ?? '') : o.date))
                .join('、')}
            </Caption1>
          )}
          <div className={styles.row}>
            {s.state === 'pending_approval' && (
              <Button onClick={() => act(`/api/tab/announcement-series/${s.id}/approve`)}>{t.approve}</Button>
            )}
            {s.state !== 'stopped' && (
              <Button onClick={() => act(`/api/tab/announcement-series/${s.id}/stop`)}>{t.stop}</Button>
            )}
          </div>
        </Card>
      ))}
    </PageSection>
  );
}
