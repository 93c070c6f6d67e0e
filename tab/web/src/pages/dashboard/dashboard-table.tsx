import { Caption1, Link, makeStyles, tokens } from '@fluentui/react-components';
import type { KeyboardEvent } from 'react';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { formatNumber, useI18n, usePageTexts } from '../../i18n/locale.tsx';
import { DASHBOARD_TEXTS } from './dashboard.texts.ts';
import type { DashboardRow } from './dashboard.types.ts';
import { Figure } from './figure.tsx';

const useStyles = makeStyles({
  wrap: { overflowX: 'auto', marginBlockEnd: tokens.spacingVerticalS },
  // On a phone the table is wider than the screen: say that it scrolls (main just cut it off).
  hint: {
    display: 'none',
    color: tokens.colorNeutralForeground2,
    '@media (max-width: 640px)': { display: 'block' },
  },
  // Both grids as wide as each other: the box around them scrolls them together on a phone.
  grids: { minWidth: '64rem' },
  name: { minWidth: '12rem' },
  total: { fontWeight: tokens.fontWeightSemibold, backgroundColor: tokens.colorNeutralBackground2 },
  worse: { color: tokens.colorPaletteRedForeground1 },
  better: { color: tokens.colorPaletteGreenForeground1 },
  note: { color: tokens.colorNeutralForeground2, display: 'block', marginBlockEnd: tokens.spacingVerticalL },
});

/** Hidden rows sort below every number, whichever way. */
const num = (v: number | null | undefined) => (v === null || v === undefined ? Number.NEGATIVE_INFINITY : v);

/**
 * The table of bureaus or sections, sortable by every column; the name opens the next level when
 * the viewer may go there. Hidden rows show "<N" in every figure.
 */
export function DashboardTable({
  rows,
  total,
  level,
  floor,
  canOpen,
  onOpen,
  partial = false,
}: {
  /** The running month: no comparison with last year (part of a month against a whole one). */
  partial?: boolean;
  rows: DashboardRow[];
  total: DashboardRow;
  level: 'bureau' | 'section';
  floor: number;
  canOpen(row: DashboardRow): boolean;
  onOpen(row: DashboardRow): void;
}) {
  const styles = useStyles();
  const { locale } = useI18n();
  const t = usePageTexts(DASHBOARD_TEXTS).table;
  const levelName = level === 'bureau' ? t.bureau : t.section;

  const figure = (
    id: string,
    label: string,
    pick: (r: DashboardRow) => number | null | undefined,
    digits = 1,
    /** Total hours and ≥100 h of everyone: hidden also when only the managerial part must be. */
    allStaff = false,
  ) =>
    ({
      id,
      header: label,
      numeric: true,
      compare: (a: DashboardRow, b: DashboardRow) => num(pick(a)) - num(pick(b)),
      cell: (r: DashboardRow) => (
        <Figure
          value={pick(r)}
          hidden={allStaff ? r.allStaffHidden : r.hidden}
          floor={floor}
          digits={digits}
        />
      ),
    }) satisfies Column<DashboardRow>;

  // Arrow keys put focus on the cell, not on the link inside: Enter or Space there opens it too.
  const openByKey = (row: DashboardRow, e: KeyboardEvent<HTMLElement>) => {
    if (!canOpen(row) || (e.key !== 'Enter' && e.key !== ' ')) return;
    e.preventDefault();
    onOpen(row);
  };
  const columns: Column<DashboardRow>[] = [
    {
      id: 'name',
      header: levelName,
      className: styles.name,
      compare: (a, b) => a.name.localeCompare(b.name, locale),
      onCellKeyDown: openByKey,
      cell: (r) =>
        r.id !== 'total' && canOpen(r) ? (
          <Link onClick={() => onOpen(r)} aria-label={t.open(r.name)}>
            {r.name}
          </Link>
        ) : (
          r.name
        ),
    },
    figure('staff', t.staff, (r) => r.thisMonth?.staff, 0),
    figure('total', t.total, (r) => r.thisMonth?.totalHours, 0, true),
    figure('avg', t.avg, (r) => r.thisMonth?.avgHours),
    figure('ge45', t.ge45, (r) => r.thisMonth?.ge45, 0),
    figure('ge80', t.ge80, (r) => r.thisMonth?.ge80, 0),
    figure('ge100', t.ge100, (r) => r.thisMonth?.ge100All, 0, true),
    figure('lastYearAvg', t.lastYearAvg, (r) => r.lastYear?.avgHours),
    {
      id: 'change',
      header: t.change,
      numeric: true,
      compare: (a, b) => num(a.change.avgHours) - num(b.change.avgHours),
      cell: (r) => {
        const d = partial ? null : r.change.avgHours;
        if (r.hidden || d === null) return <Figure value={null} hidden={r.hidden} floor={floor} />;
        return (
          <span
            className={d > 0 ? styles.worse : d < 0 ? styles.better : undefined}
          >{`${d > 0 ? '▲ +' : d < 0 ? '▼ ' : ''}${formatNumber(locale, d)}`}</span>
        );
      },
    },
    figure('leave', t.leave, (r) => r.leaveAvgDays),
    {
      id: 'alerts',
      header: t.alerts,
      numeric: true,
      compare: (a, b) => num(a.alerts?.open) - num(b.alerts?.open),
      cell: (r) =>
        r.alerts ? (
          `${r.alerts.open} / ${r.alerts.acted}`
        ) : (
          <Figure value={null} hidden={r.hidden} floor={floor} />
        ),
    },
  ];

  const totalRow: DashboardRow = { ...total, id: 'total', name: t.totalRow };
  const anyHidden = rows.some((r) => r.hidden);
  return (
    <>
      <Caption1 className={styles.hint}>{t.scrollHint}</Caption1>
      <div className={styles.wrap}>
        <div className={styles.grids}>
          <DataTable
            rows={rows}
            columns={columns}
            rowKey={(r) => r.id}
            defaultSort={{ column: 'total', direction: 'descending' }}
            caption={t.caption(levelName)}
          />
          {/* The total stays last, whatever the sort: a separate one-row grid with the same columns. */}
          <DataTable
            rows={[totalRow]}
            columns={columns.map((c) => ({ ...c, onCellKeyDown: undefined }))}
            rowKey={(r) => r.id}
            grid
            header={false}
            caption={t.totalRow}
            rowClassName={() => styles.total}
          />
        </div>
      </div>
      {anyHidden && <Caption1 className={styles.note}>{t.hiddenNote(floor)}</Caption1>}
    </>
  );
}
