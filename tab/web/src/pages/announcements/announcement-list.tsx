import {
  Badge,
  Body1,
  Button,
  Caption1,
  Card,
  makeStyles,
  mergeClasses,
  ProgressBar,
  Subtitle2,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import { useConfirm } from '../../components/confirm-dialog.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { PageSection } from '../../components/page-layout.tsx';
import { usePageStyles } from '../../components/page-styles.ts';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { formatNumber, useI18n, usePageTexts } from '../../i18n/locale.tsx';
import { useSignedIn } from '../../signed-in.ts';
import type { AnnouncementDetail, AnnouncementSummary, Tracking } from './announcement.types.ts';
import { ANNOUNCEMENT_TEXTS } from './announcements.texts.ts';
import { FollowUpDetails } from './follow-ups.tsx';

const useStyles = makeStyles({
  list: { gap: tokens.spacingVerticalM, maxWidth: '72rem' },
  title: { flexGrow: 1 },
});

/** One announcement: state, live progress while sending (polled), acks per bureau, actions. */
function AnnouncementItem({
  item,
  onEdit,
  onChanged,
}: {
  item: AnnouncementSummary;
  onEdit: (a: AnnouncementDetail) => void;
  onChanged: () => void;
}) {
  const styles = useStyles();
  const page = usePageStyles();
  const { locale } = useI18n();
  const t = usePageTexts(ANNOUNCEMENT_TEXTS);
  const { ask, dialog } = useConfirm();
  const { api, download: openDownload } = useSignedIn();
  const [tracking, setTracking] = useState<Tracking | null>(null);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const n = (v: number) => formatNumber(locale, v, 0);
  const live = item.state === 'sending' || item.state === 'sent' || item.state === 'cancelled';

  useEffect(() => {
    if (!live) return;
    let stop = false;
    const load = async () => {
      try {
        const tr = await api.get<Tracking>(`/api/tab/announcements/${item.id}/tracking`);
        if (stop) return;
        setTracking(tr);
        const busy = tr.state === 'sending' || tr.progress.synced < tr.progress.sent;
        if (busy) setTimeout(load, 2000);
        // Sending ended while the list still says 送信中: refresh the list (its badge and actions).
        else if (tr.state !== item.state) onChanged();
      } catch (err) {
        if (!stop) setError(err);
      }
    };
    void load();
    return () => {
      stop = true;
    };
  }, [api, item.id, item.state, live, onChanged]);

  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      onChanged();
    } catch (err) {
      setError(err);
    }
  };
  const download = () => openDownload(`/api/tab/announcements/${item.id}/export.csv`);
  const p = tracking?.progress;

  return (
    <Card>
      <div className={page.row}>
        <Subtitle2 as="h3" className={mergeClasses(page.heading, styles.title)}>
          {item.title}
        </Subtitle2>
        <Badge appearance="tint">{t.states[tracking?.state ?? item.state] ?? item.state}</Badge>
        {item.recalled && (
          <Badge appearance="tint" color="danger">
            {t.recalled}
          </Badge>
        )}
      </div>
      {p && (
        <>
          {/* The bar shows what the words say (sent of total): at 0 / 49 it was full before. */}
          <ProgressBar
            value={p.total ? p.sent / p.total : 0}
            aria-label={t.progress(n(p.sent), n(p.total))}
          />
          <Body1>
            {t.progress(n(p.sent), n(p.total))} · {t.acked(n(p.acked))}
          </Body1>
          <Caption1 className={page.muted}>
            {t.detail(n(p.failed), n(p.undeliverable), n(p.pending + p.inFlight), n(p.noConversation))}
            {(p.retrying ?? 0) + (p.throttled ?? 0) > 0 &&
              ` · ${t.waiting(n(p.retrying ?? 0), n(p.throttled ?? 0))}`}
            {tracking?.state === 'sending' &&
              ` · ${t.rate(formatNumber(locale, p.ratePerSecond, 1), tracking.etaSeconds === null ? '–' : n(tracking.etaSeconds))}`}
          </Caption1>
        </>
      )}
      {open && tracking && (
        <DataTable
          caption={t.byBureau}
          rows={tracking.byBureau}
          rowKey={(b) => b.bureauId}
          columns={[
            { id: 'bureau', header: t.bureauCol, cell: (b) => b.bureauName },
            { id: 'recipients', header: t.recipientsCol, cell: (b) => n(b.recipients) },
            { id: 'sent', header: t.sentCol, cell: (b) => n(b.sent) },
            { id: 'acked', header: t.ackedCol, cell: (b) => n(b.acked) },
          ]}
        />
      )}
      {open && tracking && <FollowUpDetails id={item.id} />}
      {error !== null && <ProblemMessage error={error} />}
      <div className={page.actions}>
        {item.state === 'draft' && (
          <Button onClick={() => act(async () => onEdit(await api.get(`/api/tab/announcements/${item.id}`)))}>
            {t.actions.edit}
          </Button>
        )}
        {item.state === 'pending_approval' && (
          <Button
            onClick={() => act(() => api.send('POST', `/api/tab/announcements/${item.id}/approve`, {}))}
          >
            {t.actions.approve}
          </Button>
        )}
        {['draft', 'pending_approval', 'scheduled', 'sending'].includes(item.state) && (
          <Button onClick={() => act(() => api.send('POST', `/api/tab/announcements/${item.id}/cancel`, {}))}>
            {t.actions.cancel}
          </Button>
        )}
        {live && tracking && <Button onClick={() => setOpen((o) => !o)}>{t.actions.details}</Button>}
        {(item.state === 'sending' || item.state === 'sent') && !item.recalled && (
          <>
            <Button
              onClick={() => act(async () => onEdit(await api.get(`/api/tab/announcements/${item.id}`)))}
            >
              {t.actions.update}
            </Button>
            <Button
              onClick={async () => {
                const yes = await ask({
                  title: t.confirmRecallTitle,
                  body: t.confirmRecall,
                  confirmLabel: t.actions.recall,
                });
                if (yes)
                  await act(() =>
                    api.send('POST', `/api/tab/announcements/${item.id}/recall`, { mode: 'notice' }),
                  );
              }}
            >
              {t.actions.recall}
            </Button>
          </>
        )}
        {live && <Button onClick={() => act(download)}>{t.actions.export}</Button>}
      </div>
      {dialog}
    </Card>
  );
}

export function AnnouncementList({
  version,
  onEdit,
}: {
  version: number;
  onEdit: (a: AnnouncementDetail) => void;
}) {
  const styles = useStyles();
  const page = usePageStyles();
  const t = usePageTexts(ANNOUNCEMENT_TEXTS);
  const { api } = useSignedIn();
  const [items, setItems] = useState<AnnouncementSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  const refresh = useCallback(() => setReload((r) => r + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version and reload are the triggers to fetch again
  useEffect(() => {
    api
      .get<{ announcements: AnnouncementSummary[] }>('/api/tab/announcements')
      .then((r) => setItems(r.announcements), setError);
  }, [api, version, reload]);
  return (
    <PageSection title={t.list} card={false} className={styles.list}>
      {error !== null && <ProblemMessage error={error} onRetry={refresh} />}
      {items?.length === 0 && <Body1 className={page.muted}>{t.empty}</Body1>}
      {items?.map((item) => (
        <AnnouncementItem
          key={`${item.id}:${item.state}:${item.revision}`}
          item={item}
          onEdit={onEdit}
          onChanged={refresh}
        />
      ))}
    </PageSection>
  );
}
