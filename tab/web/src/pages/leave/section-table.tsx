import {
  Badge,
  Body1,
  Caption1,
  makeStyles,
  mergeClasses,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import type { SectionTable } from '../../../../../contracts/tab-api/leave.contract.ts';
import { ExportButtons, useDownload } from '../../components/export-buttons.tsx';
import { usePageStyles } from '../../components/page-styles.ts';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { useApiData } from '../../components/use-api-data.ts';
import { usePageTexts } from '../../i18n/locale.tsx';
import { leavePlansTexts } from './leave-plans.texts.ts';

const useStyles = makeStyles({
  scroll: { overflowX: 'auto', maxWidth: '100%', marginBlock: tokens.spacingVerticalM },
  table: { minWidth: 'max-content' },
  day: {
    minWidth: '2.6rem',
    textAlign: 'center',
    whiteSpace: 'nowrap',
    paddingInline: tokens.spacingHorizontalXXS,
  },
  off: { backgroundColor: tokens.colorNeutralBackground3, color: tokens.colorNeutralForeground3 },
  warn: { backgroundColor: tokens.colorPaletteRedBackground2 },
  sticky: {
    position: 'sticky',
    insetInlineStart: 0,
    backgroundColor: tokens.colorNeutralBackground1,
    zIndex: 1,
    whiteSpace: 'nowrap',
    minWidth: '8rem',
  },
  facts: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  // A badge keeps one line and a fixed height by default: at 400 px its text ran out of it.
  badge: { height: 'auto', minHeight: '20px', whiteSpace: 'normal', maxWidth: '100%' },
  missing: { display: 'block', marginBlock: tokens.spacingVerticalS },
  muted: { color: tokens.colorNeutralForeground2 },
});

/** One section's plans (people × days), warning days in red, with CSV / Excel export. */
export function SectionPlanTable({ campaignId, sectionId }: { campaignId: string; sectionId: string }) {
  const styles = useStyles();
  const t = usePageTexts(leavePlansTexts);
  const page = usePageStyles();
  const base = `/api/tab/leave/campaigns/${campaignId}/sections/${sectionId}`;
  const { data, error, loading, reload } = useApiData<SectionTable>(`${base}/table`);
  const { download, error: exportError } = useDownload();

  if (error) return <ProblemMessage error={error} onRetry={reload} />;
  if (loading || !data) return <Body1>…</Body1>;
  const warnDays = new Set(data.load.filter((l) => l.warning).map((l) => l.date));
  const share = Math.round(data.campaign.coverageWarningShare * 100);
  const md = (date: string) => `${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))}`;
  const missing = data.rows.filter((r) => !r.responded).map((r) => r.name ?? r.employeeNo);

  return (
    <section aria-label={t.tableCaption(data.sectionName)}>
      <div className={styles.facts}>
        <Badge appearance="tint" className={styles.badge}>
          {t.responded(data.responded, data.members)}
        </Badge>
        {!data.wholeSection && <Caption1>{t.partial}</Caption1>}
        <Caption1>{t.warning(share)}</Caption1>
      </div>
      {missing.length > 0 && (
        <Body1 as="p" className={styles.missing}>
          <strong>{t.notSubmittedList(missing.length)}</strong> {missing.join('、')}
        </Body1>
      )}
      <div className={styles.scroll}>
        <Table size="extra-small" className={styles.table} aria-label={t.tableCaption(data.sectionName)}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell className={styles.sticky}>{t.name}</TableHeaderCell>
              {data.days.map((d) => (
                <TableHeaderCell
                  key={d.date}
                  className={mergeClasses(
                    styles.day,
                    !d.working && styles.off,
                    warnDays.has(d.date) && styles.warn,
                  )}
                  title={d.holidayName ?? d.date}
                >
                  {md(d.date)}
                </TableHeaderCell>
              ))}
              <TableHeaderCell>{t.planned}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.rows.map((r) => (
              <TableRow key={r.employeeNo}>
                <TableCell className={styles.sticky}>
                  {r.name ?? r.employeeNo}
                  {!r.responded && <Caption1 className={styles.muted}> {t.notSubmittedMark}</Caption1>}
                </TableCell>
                {r.cells.map((c, i) => {
                  const day = data.days[i];
                  return (
                    <TableCell
                      key={day?.date ?? i}
                      className={mergeClasses(styles.day, !day?.working && styles.off)}
                    >
                      {c ? (t.cell[c] ?? c) : ''}
                    </TableCell>
                  );
                })}
                <TableCell>{r.plannedDays}</TableCell>
              </TableRow>
            ))}
            <TableRow>
              <TableCell className={styles.sticky}>{t.away}</TableCell>
              {data.load.map((l, i) => (
                <TableCell
                  key={l.date}
                  className={mergeClasses(
                    styles.day,
                    !data.days[i]?.working && styles.off,
                    l.warning && styles.warn,
                  )}
                >
                  {data.days[i]?.working ? `${Math.round(l.share * 100)}%` : ''}
                </TableCell>
              ))}
              <TableCell />
            </TableRow>
          </TableBody>
        </Table>
      </div>
      <Caption1>{t.legend}</Caption1>
      <div className={page.actions}>
        <ExportButtons
          exports={[
            { label: t.csv, path: `${base}/export?format=csv` },
            { label: t.xlsx, path: `${base}/export?format=xlsx`, primary: true },
          ]}
          download={(e) => download(e.path)}
        />
      </div>
      {exportError !== null && <ProblemMessage error={exportError} />}
    </section>
  );
}
