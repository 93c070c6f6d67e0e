import {
  Button,
  Caption1,
  createTableColumn,
  DataGrid,
  DataGridBody,
  DataGridCell,
  DataGridHeader,
  DataGridHeaderCell,
  DataGridRow,
  Field,
  Input,
  makeStyles,
  Select,
  type TableColumnDefinition,
  tokens,
} from '@fluentui/react-components';
import { type FormEvent, useEffect, useState } from 'react';
// The route's own row type (GET /api/tab/audit), not a copy of it.
import type { AuditRow } from '../../../../../contracts/tab-api/audit.contract.ts';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { useI18n, usePageTexts } from '../../i18n/locale.tsx';
import { useSignedIn } from '../../signed-in.ts';
import { AUDIT_ACTIONS, AUDIT_TARGETS, auditDetailText, auditWord } from './audit.texts.ts';
import { SETTINGS_TEXTS } from './settings.texts.ts';

const useStyles = makeStyles({
  form: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalL,
    alignItems: 'flex-end',
    marginBlockEnd: tokens.spacingVerticalL,
  },
  wrap: { overflowX: 'auto', marginBlockEnd: tokens.spacingVerticalL },
  grid: { minWidth: '56rem' },
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

  const columns: TableColumnDefinition<AuditRow>[] = [
    createTableColumn<AuditRow>({
      columnId: 'at',
      renderHeaderCell: () => t.at,
      renderCell: (r) => r.at.replace('T', ' ').slice(0, 19),
    }),
    createTableColumn<AuditRow>({
      columnId: 'who',
      renderHeaderCell: () => t.who,
      renderCell: (r) => (r.actorNo ? `${r.actorName}（${r.actorNo}）` : (r.actorName ?? '—')),
    }),
    createTableColumn<AuditRow>({
      columnId: 'action',
      renderHeaderCell: () => t.action,
      renderCell: (r) => auditWord(AUDIT_ACTIONS, r.action, locale),
    }),
    createTableColumn<AuditRow>({
      columnId: 'target',
      renderHeaderCell: () => t.target,
      // Whose data: the person's (or section's) name when known, else the kind of record.
      renderCell: (r) =>
        r.targetName ??
        [auditWord(AUDIT_TARGETS, r.targetType, locale), r.targetType === 'setting' ? r.targetId : null]
          .filter(Boolean)
          .join(': '),
    }),
    createTableColumn<AuditRow>({
      columnId: 'detail',
      renderHeaderCell: () => t.detail,
      renderCell: (r) => <span className={styles.detail}>{auditDetailText(r.detail, locale)}</span>,
    }),
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
      <form className={styles.form} onSubmit={submit} aria-label={t.search}>
        <Field label={t.action}>
          <Select value={filter.action} onChange={(_e, d) => setFilter({ ...filter, action: d.value })}>
            <option value="">{t.any}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {auditWord(AUDIT_ACTIONS, a, locale)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t.actor}>
          <Input value={filter.actor} onChange={(_e, d) => setFilter({ ...filter, actor: d.value })} />
        </Field>
        <Field label={t.from}>
          <Input
            type="date"
            value={filter.from}
            onChange={(_e, d) => setFilter({ ...filter, from: d.value })}
          />
        </Field>
        <Field label={t.to}>
          <Input type="date" value={filter.to} onChange={(_e, d) => setFilter({ ...filter, to: d.value })} />
        </Field>
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
        <div className={styles.wrap}>
          <DataGrid
            items={entries}
            columns={columns}
            getRowId={(r) => String(r.id)}
            aria-label={t.title}
            size="small"
            className={styles.grid}
          >
            <DataGridHeader>
              <DataGridRow>
                {({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}
              </DataGridRow>
            </DataGridHeader>
            <DataGridBody<AuditRow>>
              {({ item, rowId }) => (
                <DataGridRow<AuditRow> key={rowId}>
                  {({ renderCell }) => <DataGridCell>{renderCell(item)}</DataGridCell>}
                </DataGridRow>
              )}
            </DataGridBody>
          </DataGrid>
        </div>
      )}
      {next !== null && <Button onClick={() => void load(applied, next)}>{t.more}</Button>}
    </>
  );
}
