import { Button, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { type FormEvent, useEffect, useState } from 'react';
import type { AuditRow } from '../../../../../contracts/tab-api/audit.contract.ts';
// The route's own row type (GET /api/tab/audit), not a copy of it.
import { type Column, DataTable } from '../../components/data-table.tsx';
import { SelectField, TextField } from '../../components/form-fields.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { useI18n, usePageTexts } from '../../i18n/locale.tsx';
import { useSignedIn } from '../../signed-in.ts';
import { AUDIT_ACTIONS, AUDIT_TARGETS, auditDetailText, auditWord } from './audit.texts.ts';
import { SETTINGS_TEXTS } from './settings.texts.ts';
import { useLineFormStyles } from './settings-styles.ts';

const useStyles = makeStyles({
  wrap: { overflowX: 'auto', marginBlockEnd: tokens.spacingVerticalL },
  detail: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    wordBreak: 'break-all',
  },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM },
});

/** 監査 (admin): the append-only log, filtered by action, actor and dates, newest first. */
export function AuditPanel() {
  const styles = useStyles();
  const line = useLineFormStyles();
  const t = usePageTexts(SETTINGS_TEXTS).audit;
  const { locale } = useI18n();
  const { api, download } = useSignedIn();
  const [filter, setFilter] = useState({ action: '', actor: '', from: '', to: '' });
  const [applied, setApplied] = useState(filter);
  const [entries, setEntries] = useState<AuditRow[]>([]);
  const [actions, setActions] = useState<string[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  const query = (f: typeof filter, before?: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
    if (before) q.set('before', String(before));
    return q.toString();
  };
  const load = async (f: typeof filter, before?: number) => {
    setError(null);
    try {
      const r = await api.get<{ entries: AuditRow[]; nextBefore: number | null; actions: string[] }>(
        `/api/tab/audit?${query(f, before)}`,
      );
      setEntries((prev) => (before ? [...prev, ...r.entries] : r.entries));
      setNext(r.nextBefore);
      setActions(r.actions);
    } catch (err) {
      setError(err);
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once, then on each applied filter
  useEffect(() => void load(applied), [applied]);

  const columns: Column<AuditRow>[] = [
    {
      id: 'at',
      header: t.at,
      cell: (r) => r.at.replace('T', ' ').slice(0, 19),
    },
    {
      id: 'who',
      header: t.who,
      cell: (r) => (r.actorNo ? `${r.actorName}（${r.actorNo}）` : (r.actorName ?? '—')),
    },
    {
      id: 'action',
      header: t.action,
      cell: (r) => auditWord(AUDIT_ACTIONS, r.action, locale),
    },
    {
      id: 'target',
      header: t.target,
      // Whose data: the person's (or section's) name when known, else the kind of record.
      cell: (r) =>
        r.targetName ??
        [auditWord(AUDIT_TARGETS, r.targetType, locale), r.targetType === 'setting' ? r.targetId : null]
          .filter(Boolean)
          .join(': '),
    },
    {
      id: 'detail',
      header: t.detail,
      cell: (r) => <span className={styles.detail}>{auditDetailText(r.detail, locale)}</span>,
    },
  ];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setApplied({ ...filter });
  };
  const exportCsv = async () => {
    try {
      await download(`/api/tab/audit/export?${query(applied)}`);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <form className={line.form} onSubmit={submit} aria-label={t.search}>
        <SelectField
          label={t.action}
          value={filter.action}
          options={[
            { value: '', label: t.any },
            ...actions.map((a) => ({ value: a, label: auditWord(AUDIT_ACTIONS, a, locale) })),
          ]}
          onChange={(action) => setFilter({ ...filter, action })}
        />
        <TextField
          label={t.actor}
          value={filter.actor}
          onChange={(actor) => setFilter({ ...filter, actor })}
        />
        <TextField
          label={t.from}
          type="date"
          value={filter.from}
          onChange={(from) => setFilter({ ...filter, from })}
        />
        <TextField
          label={t.to}
          type="date"
          value={filter.to}
          onChange={(to) => setFilter({ ...filter, to })}
        />
        <div className={styles.actions}>
          <Button type="submit" appearance="primary">
            {t.search}
          </Button>
          <Button onClick={() => void exportCsv()}>{t.export}</Button>
        </div>
      </form>
      {error !== null && <ProblemMessage error={error} />}
      {entries.length === 0 ? (
        <Caption1>{t.empty}</Caption1>
      ) : (
        <DataTable
          grid
          className={styles.wrap}
          minWidth="56rem"
          caption={t.title}
          rows={entries}
          rowKey={(r) => String(r.id)}
          columns={columns}
        />
      )}
      {next !== null && <Button onClick={() => void load(applied, next)}>{t.more}</Button>}
    </>
  );
}
