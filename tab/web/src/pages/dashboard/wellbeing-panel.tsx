import { Body1, makeStyles, tokens } from '@fluentui/react-components';
import type {
  AnnualTargetsView,
  SignalCell,
  SignalsView,
  Figure as TargetFigure,
} from '../../../../../contracts/tab-api/wellbeing.contract.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { ExportButtons, useDownload } from '../../components/export-buttons.tsx';
import { PageSection } from '../../components/page-layout.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { useApiData } from '../../components/use-api-data.ts';
import { usePageTexts } from '../../i18n/locale.tsx';
import { Figure } from './figure.tsx';
import { WELLBEING_TEXTS } from './wellbeing.texts.ts';

type SignalRow = SignalCell & { isBureau: boolean };
type OvertimeRow = AnnualTargetsView['overtime'][number];
type LeaveRow = AnnualTargetsView['leave'][number];

const useStyles = makeStyles({
  card: { marginBlockEnd: tokens.spacingVerticalXL },
  name: { minWidth: '9rem' },
  bureau: { fontWeight: tokens.fontWeightSemibold },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  definitions: { margin: 0, overflowWrap: 'anywhere' },
  term: { fontWeight: tokens.fontWeightSemibold, marginBlockStart: tokens.spacingVerticalS },
  definition: { marginInlineStart: 0 },
});

/**
 * The plan's daily signals and annual targets (issue 19) on the dashboard: short rests, in-office
 * gaps and the answered gaps per bureau and section for the month; for executives, WLB officers and
 * HR, the annual targets. Every cell is as the server's disclosure decision left it.
 */
export function WellbeingPanel({
  month,
  bureauId,
  showTargets,
}: {
  month: string;
  bureauId?: string;
  showTargets: boolean;
}) {
  const styles = useStyles();
  const t = usePageTexts(WELLBEING_TEXTS);
  const { data: signals } = useApiData<SignalsView>(`/api/tab/wellbeing/signals?month=${month}`);
  const { data: targets } = useApiData<AnnualTargetsView>(
    showTargets ? `/api/tab/wellbeing/annual-targets?month=${month}` : null,
  );
  const { download, error: exportError } = useDownload();
  const floor = signals?.minGroupSize ?? targets?.minGroupSize ?? 5;
  const rows = signals
    ? (bureauId ? signals.bureaus.filter((b) => b.id === bureauId) : signals.bureaus).flatMap((b) => [
        { ...b, isBureau: true },
        ...signals.sections.filter((s) => s.bureauId === b.id).map((s) => ({ ...s, isBureau: false })),
      ])
    : [];
  // A manager without a bureau role sees their sections only.
  const orphanSections =
    signals && signals.bureaus.length === 0 ? signals.sections.map((s) => ({ ...s, isBureau: false })) : [];
  const all = [...rows, ...orphanSections];
  const count = (id: string, header: string, pick: (r: SignalRow) => number | null): Column<SignalRow> => ({
    id,
    header,
    numeric: true,
    cell: (r) => <Figure value={pick(r)} hidden={r.hidden} floor={floor} digits={0} />,
  });
  const signalColumns: Column<SignalRow>[] = [
    {
      id: 'name',
      header: t.name,
      className: styles.name,
      cellClassName: (r) => (r.isBureau ? styles.bureau : undefined),
      cell: (r) => (r.isBureau ? r.name : `　${r.name}`),
    },
    count('shortRests', t.shortRests, (r) => r.shortRests),
    count('officeGaps', t.officeGaps, (r) => r.officeGaps),
    count('answered', t.answered, (r) => r.gapsAnswered),
  ];
  // Every table here: one line per row, as wide as its figures (the card scrolls on a phone).
  const wide = { nowrap: true, minWidth: '22rem' };
  // Both panels: the basis of their figures as a caption under the title.
  const panel = { descriptionSize: 'caption', className: styles.card } as const;
  // The targets' tables: a group per row, its figures per person.
  const group: Column<{ group: string; label: string }> = {
    id: 'group',
    header: t.group,
    className: styles.name,
    cell: (r) => r.label,
  };
  const figure = <R,>(
    id: string,
    header: string,
    pick: (r: R) => Pick<TargetFigure, 'perPerson' | 'hidden'>,
  ): Column<R> => ({
    id,
    header,
    numeric: true,
    cell: (r) => <Figure value={pick(r).perPerson} hidden={pick(r).hidden} floor={floor} />,
  });
  const overtimeColumns: Column<OvertimeRow>[] = [
    group,
    figure('thisYear', t.overtimeThisYear, (r) => r.thisYear),
    figure('lastSame', t.overtimeLastSame, (r) => r.lastYearSamePeriod),
    figure('lastFull', t.overtimeLastFull, (r) => r.lastYearFull),
    figure('projected', t.projected, (r) => ({ perPerson: r.projectedHours, hidden: r.thisYear.hidden })),
    { id: 'onTrack', header: t.onTrack, cell: (r) => (r.onTrack === null ? '—' : r.onTrack ? t.yes : t.no) },
  ];
  const leaveColumns: Column<LeaveRow>[] = [
    group,
    figure('thisYear', t.leaveThisYear, (r) => r.thisYear),
    figure('lastSame', t.leaveLastSame, (r) => r.lastYearSamePeriod),
    {
      id: 'target',
      header: t.leaveTarget(targets?.leave[0]?.targetDays ?? 15),
      cell: (r) =>
        r.thisYear.perPerson === null || r.thisYear.hidden
          ? '—'
          : r.thisYear.perPerson >= r.targetDays
            ? t.yes
            : t.short((r.targetDays - r.thisYear.perPerson).toFixed(1)),
    },
  ];
  return (
    <>
      {signals && (
        <PageSection
          title={t.signalsTitle}
          description={t.signalsBasis(signals.month, signals.restIntervalHours, signals.officeGapMinutes)}
          {...panel}
        >
          {all.length === 0 ? (
            <Body1>{t.noSignals}</Body1>
          ) : (
            <DataTable {...wide} rows={all} rowKey={(r) => r.id} columns={signalColumns} />
          )}
        </PageSection>
      )}
      {targets && (
        <PageSection
          title={t.targetsTitle}
          description={t.targetsBasis(targets.fiscalYear, targets.calendarYear, targets.throughMonth)}
          {...panel}
        >
          <DataTable {...wide} rows={targets.overtime} rowKey={(r) => r.group} columns={overtimeColumns} />
          <DataTable {...wide} rows={targets.leave} rowKey={(r) => r.group} columns={leaveColumns} />
        </PageSection>
      )}
      {targets && (
        <PageSection title={t.followUpTitle} description={t.followUpBasis(targets.throughMonth)} {...panel}>
          <div className={styles.actions}>
            <ExportButtons
              exports={(['csv', 'xlsx'] as const).map((format) => ({
                label: t[format],
                path: `/api/tab/wellbeing/follow-up-report/export?month=${targets.throughMonth}&format=${format}`,
                primary: format === 'xlsx',
              }))}
              download={(e) => download(e.path)}
            />
          </div>
          {exportError !== null && <ProblemMessage error={exportError} />}
          <dl className={styles.definitions}>
            {t.definitions.map(([term, definition]) => (
              <div key={term}>
                <dt className={styles.term}>{term}</dt>
                <dd className={styles.definition}>{definition}</dd>
              </div>
            ))}
          </dl>
        </PageSection>
      )}
    </>
  );
}
