import {
  Body1,
  Button,
  Caption1,
  Field,
  makeStyles,
  Radio,
  RadioGroup,
  Spinner,
  Subtitle2,
  tokens,
} from '@fluentui/react-components';
import { useId, useState } from 'react';
import type {
  AttendanceImported,
  AttendancePreview,
} from '../../../../contracts/tab-api/attendance.contract.ts';
import type { OrgImported, OrgPreview } from '../../../../contracts/tab-api/import.contract.ts';
import { isApiError, type ProblemFieldError } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { Notice } from '../components/notice.tsx';
import { PageLayout } from '../components/page-layout.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { formatNumber, useI18n, usePageTexts } from '../i18n/locale.tsx';
import { fieldMessage, fieldWhere } from '../problems/problem-text.ts';
import { useSignedIn } from '../signed-in.ts';
import { IMPORT_TEXTS, type ImportTexts } from './import/import.texts.ts';
import type { PageProps } from './page-registry.ts';

const useStyles = makeStyles({
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    maxWidth: '60rem',
    marginBlockEnd: tokens.spacingVerticalXL,
  },
  table: { marginBlockEnd: tokens.spacingVerticalL },
  h2: { margin: `${tokens.spacingVerticalL} 0 ${tokens.spacingVerticalS}` },
  errors: {
    margin: 0,
    paddingInlineStart: tokens.spacingHorizontalXL,
    color: tokens.colorPaletteRedForeground1,
    maxHeight: '24rem',
    overflowY: 'auto',
  },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center' },
});

type Kind = 'org' | 'attendance';

interface Preview {
  fileName: string;
  encoding: string;
  totalRows: number;
  header: string[];
  rows: { line?: number; values: string[] }[];
  errors: ProblemFieldError[];
}

const toBase64 = async (file: File) => {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
};

const hhmm = (minutes: number) => `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * The attendance dry run answers with stored-day objects; show them as the person knows them:
 * the CSV's column names, hours as H:MM, a next-day end as 「翌 1:30」, log-on times without the date.
 */
function attendancePreview(answer: AttendancePreview, t: ImportTexts): Preview {
  // The stored days by column name, as the page's column texts name them.
  const days: Record<string, unknown>[] = answer.preview.map((r) => ({ ...r }));
  const shown = Object.keys(t.columns).filter(
    (k) => k !== 'line' && days.some((r) => r[k] !== null && r[k] !== undefined && r[k] !== ''),
  );
  const cell = (r: Record<string, unknown>, k: string): string => {
    const v = r[k];
    if (v === null || v === undefined) return '';
    if (k === 'endTime' && r.endsNextDay === true) return t.nextDay(String(v));
    if (typeof v === 'number' && k.endsWith('Minutes')) return hhmm(v);
    if ((k === 'logonAt' || k === 'logoffAt') && typeof v === 'string') return v.replace('T', ' ').slice(5);
    return String(v);
  };
  return {
    fileName: answer.fileName,
    encoding: answer.encoding,
    totalRows: answer.rows,
    header: shown.map((k) => t.columns[k] ?? k),
    rows: days.map((r) => ({
      ...(typeof r.line === 'number' ? { line: r.line } : {}),
      values: shown.map((k) => cell(r, k)),
    })),
    errors: answer.errors.map((e) => ({
      where: e.where,
      message: e.message,
      ...(e.key ? { key: e.key } : {}),
      ...(e.params ? { params: e.params } : {}),
    })),
  };
}

/** データ取込: choose a file, see its first rows and every line error, then import all of it or nothing. */
export default function ImportPage(_props: PageProps) {
  const styles = useStyles();
  const { locale } = useI18n();
  const t = usePageTexts(IMPORT_TEXTS);
  const { api } = useSignedIn();
  const fileId = useId();
  const errorsId = useId();
  const [kind, setKind] = useState<Kind>('org');
  const [content, setContent] = useState<{ fileName: string; contentBase64: string } | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState<'checking' | 'committing' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const n = (v: number) => formatNumber(locale, v, 0);

  const check = async (file: File, k: Kind) => {
    setPreview(null);
    setDone(null);
    setError(null);
    setBusy('checking');
    try {
      const body = { fileName: file.name, contentBase64: await toBase64(file) };
      setContent(body);
      if (k === 'org') {
        const p = await api.send<OrgPreview>('POST', '/api/tab/import/org/preview', body);
        setPreview({ ...p, rows: p.preview });
      } else {
        setPreview(
          attendancePreview(
            await api.send<AttendancePreview>('POST', '/api/tab/attendance/import?dryRun=1', body),
            t,
          ),
        );
      }
    } catch (err) {
      setError(isApiError(err) && err.status === 404 && k === 'attendance' ? new Error(t.unavailable) : err);
    } finally {
      setBusy(null);
    }
  };

  const commit = async () => {
    if (!content) return;
    setBusy('committing');
    setError(null);
    try {
      if (kind === 'org') {
        const r = await api.send<OrgImported>('POST', '/api/tab/import/org', content);
        setDone(t.done(n(r.rows), n(r.inserted), n(r.updated)));
      } else {
        const r = await api.send<AttendanceImported>('POST', '/api/tab/attendance/import', content);
        setDone(t.doneAttendance(n(r.rows)));
      }
      setPreview(null);
      setContent(null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <PageLayout title={t.title} intro={<Body1>{t.intro}</Body1>}>
      <div className={styles.form}>
        <Field label={t.kind}>
          <RadioGroup
            value={kind}
            onChange={(_e, d) => {
              setKind(d.value as Kind);
              setPreview(null);
              setContent(null);
            }}
          >
            <Radio value="org" label={t.org} />
            <Radio value="attendance" label={t.attendance} />
          </RadioGroup>
        </Field>
        <Field label={{ children: t.file, htmlFor: fileId }} hint={t.fileHint}>
          <input
            id={fileId}
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) void check(file, kind);
            }}
          />
        </Field>
      </div>
      {busy && <Spinner label={busy === 'checking' ? t.checking : t.committing} />}
      {error !== null && <ProblemMessage error={error} />}
      {done && <Notice intent="success">{done}</Notice>}
      {preview && (
        <section aria-label={preview.fileName}>
          <Body1 as="p" block>
            {preview.fileName}: {t.summary(n(preview.totalRows), preview.encoding)}
          </Body1>
          <Subtitle2 as="h2" id={errorsId} className={styles.h2}>
            {preview.errors.length > 0 ? t.errors(preview.errors.length) : t.noErrors}
          </Subtitle2>
          {preview.errors.length > 0 && (
            <ul className={styles.errors} aria-labelledby={errorsId}>
              {preview.errors.map((e) => (
                <li key={`${e.where}:${e.message}`}>
                  {fieldWhere(e.where, locale, e.params)}: {fieldMessage(e, locale)}
                </li>
              ))}
            </ul>
          )}
          <Subtitle2 as="h2" className={styles.h2}>
            {t.preview(preview.rows.length)}
          </Subtitle2>
          <DataTable
            className={styles.table}
            caption={t.preview(preview.rows.length)}
            rows={preview.rows.map((r, i) => ({ ...r, key: String(r.line ?? i) }))}
            rowKey={(r) => r.key}
            columns={[
              ...(preview.rows.some((r) => r.line)
                ? [{ id: 'line', header: t.line, cell: (r: { line?: number }) => r.line }]
                : []),
              ...preview.header.map((h, j) => ({
                id: `${j}:${h}`,
                header: h,
                cell: (r: { values: string[] }) => r.values[j],
              })),
            ]}
          />
          <div className={styles.actions}>
            <Button
              appearance="primary"
              disabled={preview.errors.length > 0 || preview.totalRows === 0 || busy !== null}
              onClick={() => void commit()}
            >
              {t.commit}
            </Button>
            {preview.errors.length > 0 && <Caption1>{t.errors(preview.errors.length)}</Caption1>}
          </div>
        </section>
      )}
    </PageLayout>
  );
}
