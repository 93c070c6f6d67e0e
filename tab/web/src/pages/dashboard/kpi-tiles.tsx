import { Caption1, Card, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useId } from 'react';
import { formatNumber, useI18n, usePageTexts } from '../../i18n/locale.tsx';
import { DASHBOARD_TEXTS } from './dashboard.texts.ts';
import type { DashboardView } from './dashboard.types.ts';

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 13rem), 1fr))',
    gap: tokens.spacingHorizontalM,
    listStyleType: 'none',
    padding: 0,
    margin: `0 0 ${tokens.spacingVerticalXL}`,
  },
  tile: { height: '100%', boxSizing: 'border-box', gap: tokens.spacingVerticalXS },
  label: { color: tokens.colorNeutralForeground2 },
  value: {
    fontSize: tokens.fontSizeHero800,
    lineHeight: tokens.lineHeightHero800,
    fontWeight: tokens.fontWeightSemibold,
  },
  worse: { color: tokens.colorPaletteRedForeground1 },
  better: { color: tokens.colorPaletteGreenForeground1 },
  neutral: { color: tokens.colorNeutralForeground2 },
});

type Trend = 'worse' | 'better' | 'neutral';

function Tile({
  label,
  value,
  note,
  trend = 'neutral',
}: {
  label: string;
  value: string;
  note: string;
  trend?: Trend;
}) {
  const styles = useStyles();
  const id = useId();
  return (
    <li>
      <Card className={styles.tile} role="group" aria-labelledby={id}>
        <Caption1 id={id} className={styles.label}>
          {label}
        </Caption1>
        <Text className={styles.value}>{value}</Text>
        <Caption1 className={styles[trend]}>{note}</Caption1>
      </Card>
    </li>
  );
}

/** The five numbers a person should take in within five seconds, each with its comparison. */
/** openAlerts: open 100 h alerts of the viewer's whole scope, any month (the month's own count is the note). */
/** The month running in Japan now (YYYY-MM). */
export const runningMonth = (now = new Date()) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(now).slice(0, 7);

export function KpiTiles({ view, openAlerts }: { view: DashboardView; openAlerts?: number }) {
  const styles = useStyles();
  const { locale } = useI18n();
  const t = usePageTexts(DASHBOARD_TEXTS).kpi;
  const n = (v: number, d = 1) => formatNumber(locale, v, d);
  const floor = `<${view.minGroupSize}`;
  const row = view.total;
  const now = row.thisMonth;
  const ly = row.lastYear;
  const delta = (d: number | null, unit: (s: string) => string): { note: string; trend: Trend } => {
    if (d === null) return { note: t.noLastYear, trend: 'neutral' };
    if (d === 0) return { note: t.same, trend: 'neutral' };
    // More overtime than last year is the bad direction.
    return d > 0
      ? { note: `▲ ${t.up(unit(n(Math.abs(d))))}`, trend: 'worse' }
      : { note: `▼ ${t.down(unit(n(Math.abs(d))))}`, trend: 'better' };
  };
  // A running month is compared with nothing: part of a month against all of last year's would
  // show a large false decrease. Only complete months are compared with last year (say so).
  const partial = view.month === runningMonth();
  const totalChange = partial ? null : row.change.totalPercent;
  const avg = partial
    ? { note: t.partialMonth, trend: 'neutral' as Trend }
    : delta(row.change.avgHours, t.hours);
  const ge100 = partial ? avg : delta(row.change.ge100All, t.people);
  return (
    <ul className={styles.grid} aria-label={view.title.name ?? undefined}>
      <Tile
        label={t.total}
        value={row.allStaffHidden ? floor : now?.totalHours != null ? t.hours(n(now.totalHours, 0)) : '—'}
        note={
          partial
            ? t.partialMonth
            : totalChange === null
              ? t.noLastYear
              : `${t.vsLastYear} ${totalChange > 0 ? '+' : ''}${n(totalChange)}%`
        }
        trend={totalChange === null || totalChange === 0 ? 'neutral' : totalChange > 0 ? 'worse' : 'better'}
      />
      <Tile
        label={t.avg}
        value={row.hidden ? floor : now?.avgHours != null ? t.hours(n(now.avgHours)) : '—'}
        note={ly || partial ? avg.note : t.noLastYear}
        trend={avg.trend}
      />
      <Tile
        label={t.ge100}
        value={row.allStaffHidden ? floor : now?.ge100All != null ? t.people(n(now.ge100All, 0)) : '—'}
        note={ge100.note}
        trend={ge100.trend}
      />
      {openAlerts !== undefined && openAlerts >= 0 ? (
        <Tile
          label={t.alertsAnyMonth}
          value={t.cases(n(openAlerts, 0))}
          note={row.alerts ? t.monthAlerts(n(row.alerts.open, 0), n(row.alerts.acted, 0)) : ''}
          trend={openAlerts > 0 ? 'worse' : 'neutral'}
        />
      ) : (
        <Tile
          label={t.alerts}
          value={row.alerts ? t.cases(n(row.alerts.open, 0)) : row.allStaffHidden ? floor : '—'}
          note={row.alerts ? t.acted(n(row.alerts.acted, 0)) : ''}
          trend={row.alerts && row.alerts.open > 0 ? 'worse' : 'neutral'}
        />
      )}
      <Tile
        label={t.leave}
        value={row.hidden ? floor : row.leaveAvgDays != null ? t.days(n(row.leaveAvgDays)) : '—'}
        note={t.leavePace(n(view.leaveGoal.paceDays), n(view.leaveGoal.goalDays, 0))}
        trend={
          row.leaveAvgDays == null
            ? 'neutral'
            : row.leaveAvgDays >= view.leaveGoal.paceDays
              ? 'better'
              : 'worse'
        }
      />
    </ul>
  );
}
