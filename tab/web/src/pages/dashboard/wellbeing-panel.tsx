import { Body1, Caption1, Card, makeStyles, Subtitle2, tokens } from '@fluentui/react-components';
import { useId } from 'react';
import { useApiData } from '../../components/use-api-data.ts';
import { usePageTexts } from '../../i18n/locale.tsx';
import { Figure } from './figure.tsx';
import { WELLBEING_TEXTS } from './wellbeing.texts.ts';

interface SignalCell {
  id: string;
  name: string;
  shortRests: number | null;
  officeGaps: number | null;
  gapsAnswered: number | null;
  hidden: string | null;
}
interface SignalsView {
  month: string;
  minGroupSize: number;
  restIntervalHours: number;
  officeGapMinutes: number;
  bureaus: SignalCell[];
  sections: (SignalCell & { bureauId: string })[];
}
interface TargetFigure {
  perPerson: number | null;
  hidden: string | null;
}
interface TargetsView {
  throughMonth: string;
  fiscalYear: number;
  calendarYear: number;
  minGroupSize: number;
  overtime: {
    group: string;
    label: string;
    thisYear: TargetFigure;
    lastYearSamePeriod: TargetFigure;
    lastYearFull: TargetFigure;
    projectedHours: number | null;
    onTrack: boolean | null;
  }[];
  leave: {
    group: string;
    label: string;
    thisYear: TargetFigure;
    lastYearSamePeriod: TargetFigure;
    targetDays: number;
  }[];
}

const useStyles = makeStyles({
  card: { gap: tokens.spacingVerticalS, marginBlockEnd: tokens.spacingVerticalXL },
  title: { margin: 0 },
  wrap: { overflowX: 'auto' },
  table: { borderCollapse: 'collapse', width: '100%', minWidth: '22rem' },
  th: {
    textAlign: 'start',
    whiteSpace: 'nowrap',
    fontWeight: tokens.fontWeightSemibold,
    paddingBlock: tokens.spacingVerticalXS,
    paddingInline: tokens.spacingHorizontalS,
    borderBlockEndWidth: '1px',
    borderBlockEndStyle: 'solid',
    borderBlockEndColor: tokens.colorNeutralStroke2,
  },
  td: {
    whiteSpace: 'nowrap',
    paddingBlock: tokens.spacingVerticalXS,
    paddingInline: tokens.spacingHorizontalS,
    borderBlockEndWidth: '1px',
    borderBlockEndStyle: 'solid',
    borderBlockEndColor: tokens.colorNeutralStroke3,
  },
  num: { textAlign: 'end', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  name: { minWidth: '9rem' },
  bureau: { fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground2 },
});

function Panel({ title, basis, children }: { title: string; basis: string; children: React.ReactNode }) {
  const styles = useStyles();
  const id = useId();
  return (
    <section aria-labelledby={id}>
      <Card className={styles.card}>
        <Subtitle2 as="h2" id={id} className={styles.title}>
          {title}
        </Subtitle2>
        <Caption1 className={styles.muted}>{basis}</Caption1>
        {children}
      </Card>
    </section>
  );
}

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
  const { data: targets } = useApiData<TargetsView>(
    showTargets ? `/api/tab/wellbeing/annual-targets?month=${month}` : null,
  );
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
  return (
    <>
      {signals && (
        <Panel
          title={t.signalsTitle}
          basis={t.signalsBasis(signals.month, signals.restIntervalHours, signals.officeGapMinutes)}
        >
          {all.length === 0 ? (
            <Body1>{t.noSignals}</Body1>
          ) : (
            <div className={styles.wrap}>
              <table className={styles.table}>
                <thead>
                  <tr>
                    <th className={`${styles.th} ${styles.name}`}>{t.name}</th>
                    <th className={`${styles.th} ${styles.num}`}>{t.shortRests}</th>
                    <th className={`${styles.th} ${styles.num}`}>{t.officeGaps}</th>
                    <th className={`${styles.th} ${styles.num}`}>{t.answered}</th>
                  </tr>
                </thead>
                <tbody>
                  {all.map((r) => (
                    <tr key={r.id}>
                      <td className={`${styles.td} ${styles.name} ${r.isBureau ? styles.bureau : ''}`}>
                        {r.isBureau ? r.name : `　${r.name}`}
                      </td>
                      <td className={`${styles.td} ${styles.num}`}>
                        <Figure value={r.shortRests} hidden={r.hidden} floor={floor} digits={0} />
                      </td>
                      <td className={`${styles.td} ${styles.num}`}>
                        <Figure value={r.officeGaps} hidden={r.hidden} floor={floor} digits={0} />
                      </td>
                      <td className={`${styles.td} ${styles.num}`}>
                        <Figure value={r.gapsAnswered} hidden={r.hidden} floor={floor} digits={0} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Panel>
      )}
      {targets && (
        <Panel
          title={t.targetsTitle}
          basis={t.targetsBasis(targets.fiscalYear, targets.calendarYear, targets.throughMonth)}
        >
          <div className={styles.wrap}>
            <table className={styles.table}>
              <thead>
                <tr>
                  <th className={`${styles.th} ${styles.name}`}>{t.group}</th>
                  <th className={`${styles.th} ${styles.num}`}>{t.overtimeThisYear}</th>
                  <th className={`${styles.th} ${styles.num}`}>{t.overtimeLastSame}</th>
                  <th className={`${styles.th} ${styles.num}`}>{t.overtimeLastFull}</th>
                  <th className={`${styles.th} ${styles.num}`}>{t.projected}</th>
                  <th className={styles.th}>{t.onTrack}</th>
                </tr>
              </thead>
              <tbody>
                {targets.overtime.map((r) => (
                  <tr key={r.group}>
                    <td className={`${styles.td} ${styles.name}`}>{r.label}</td>
                    <td className={`${styles.td} ${styles.num}`}>
                      <Figure value={r.thisYear.perPerson} hidden={r.thisYear.hidden} floor={floor} />
                    </td>
                    <td className={`${styles.td} ${styles.num}`}>
                      <Figure
                        value={r.lastYearSamePeriod.perPerson}
                        hidden={r.lastYearSamePeriod.hidden}
                        floor={floor}
                      />
                    </td>
                    <td className={`${styles.td} ${styles.num}`}>
                      <Figure value={r.lastYearFull.perPerson} hidden={r.lastYearFull.hidden} floor={floor} />
                    </td>
                    <td className={`${styles.td} ${styles.num}`}>
                      <Figure value={r.projectedHours} hidden={r.thisYear.hidden} floor={floor} />
                    </td>
                    <td className={styles.td}>{r.onTrack === null ? '—' : r.onTrack ? t.yes : t.no}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className={styles.wrap}>
            <table className={styles.table}>
              <thead>
                <tr>
                  <th className={`${styles.th} ${styles.name}`}>{t.group}</th>
                  <th className={`${styles.th} ${styles.num}`}>{t.leaveThisYear}</th>
                  <th className={`${styles.th} ${styles.num}`}>{t.leaveLastSame}</th>
                  <th className={styles.th}>{t.leaveTarget(targets.leave[0]?.targetDays ?? 15)}</th>
                </tr>
              </thead>
              <tbody>
                {targets.leave.map((r) => (
                  <tr key={r.group}>
                    <td className={`${styles.td} ${styles.name}`}>{r.label}</td>
                    <td className={`${styles.td} ${styles.num}`}>
                      <Figure value={r.thisYear.perPerson} hidden={r.thisYear.hidden} floor={floor} />
                    </td>
                    <td className={`${styles.td} ${styles.num}`}>
                      <Figure
                        value={r.lastYearSamePeriod.perPerson}
                        hidden={r.lastYearSamePeriod.hidden}
                        floor={floor}
                      />
                    </td>
                    <td className={styles.td}>
                      {r.thisYear.perPerson === null || r.thisYear.hidden
                        ? '—'
                        : r.thisYear.perPerson >= r.targetDays
                          ? t.yes
                          : t.short((r.targetDays - r.thisYear.perPerson).toFixed(1))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
      )}
    </>
  );
}
