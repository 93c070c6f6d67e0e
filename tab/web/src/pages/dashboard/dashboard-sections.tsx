import {
  Body1,
  Caption1,
  Card,
  createTableColumn,
  DataGrid,
  DataGridBody,
  DataGridCell,
  DataGridHeader,
  DataGridHeaderCell,
  DataGridRow,
  makeStyles,
  ProgressBar,
  Subtitle2,
  type TableColumnDefinition,
  tokens,
} from '@fluentui/react-components';
import { useId } from 'react';
import { formatNumber, useI18n, usePageTexts } from '../../i18n/locale.tsx';
import { DASHBOARD_TEXTS } from './dashboard.texts.ts';
import type { DashboardView } from './dashboard.types.ts';
import { Figure } from './figure.tsx';

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 20rem), 1fr))',
    gap: tokens.spacingHorizontalL,
    marginBlockEnd: tokens.spacingVerticalXL,
  },
  card: { gap: tokens.spacingVerticalS },
  title: { margin: 0 },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  line: { display: 'flex', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  muted: { color: tokens.colorNeutralForeground2 },
  num: { justifyContent: 'flex-end', fontVariantNumeric: 'tabular-nums' },
  wrap: { overflowX: 'auto', marginBlockEnd: tokens.spacingVerticalXL },
  section: { marginBlockEnd: tokens.spacingVerticalXL },
  h2: { margin: `0 0 ${tokens.spacingVerticalS}` },
});

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  const styles = useStyles();
  const id = useId();
  return (
    <section aria-labelledby={id}>
      <Card className={styles.card}>
        <Subtitle2 as="h2" id={id} className={styles.title}>
          {title}
        </Subtitle2>
        {children}
      </Card>
    </section>
  );
}

/** HQ vs agencies vs regional branches, campaign response rates, childcare take-up. */
export function SideFigures({ view }: { view: DashboardView }) {
  const styles = useStyles();
  const { locale } = useI18n();
  const t = usePageTexts(DASHBOARD_TEXTS);
  const n = (v: number, d = 1) => formatNumber(locale, v, d);
  const floor = view.minGroupSize;
  const showCampaigns = view.level === 'ministry' || view.level === 'bureau';
  if (view.byKind.length === 0 && !showCampaigns) return null;
  return (
    <div className={styles.grid}>
      {view.byKind.length > 0 && (
        <Section title={t.kinds.title}>
          <ul className={styles.list}>
            {view.byKind.map((k) => (
              <li key={k.id}>
                <div className={styles.line}>
                  <Body1>{t.kinds[k.id as 'headquarters'] ?? k.id}</Body1>
                  <Body1>
                    <Figure value={k.thisMonth?.avgHours} hidden={k.hidden} floor={floor} />{' '}
                    {t.kpi.hours('').trim()}
                  </Body1>
                </div>
                <Caption1 className={styles.muted}>
                  {t.table.ge100}:{' '}
                  <Figure value={k.thisMonth?.ge100All} hidden={k.allStaffHidden} floor={floor} digits={0} />{' '}
                  · {t.table.lastYearAvg}:{' '}
                  <Figure value={k.lastYear?.avgHours} hidden={k.hidden} floor={floor} />
                </Caption1>
              </li>
            ))}
          </ul>
        </Section>
      )}
      {showCampaigns && (
        <Section title={t.campaigns.title}>
          {view.campaigns.length === 0 ? (
            <Body1 className={styles.muted}>{t.campaigns.none}</Body1>
          ) : (
            <ul className={styles.list}>
              {view.campaigns.map((c) => (
                <li key={c.campaignId}>
                  <div className={styles.line}>
                    <Body1>{c.title}</Body1>
                    <Body1>
                      {c.rate === null ? (
                        <Figure value={null} hidden={c.targeted === null} floor={floor} />
                      ) : (
                        t.campaigns.rate(n(c.rate))
                      )}
                    </Body1>
                  </div>
                  {c.rate !== null && (
                    <ProgressBar
                      value={c.rate / 100}
                      thickness="large"
                      aria-label={`${c.title} ${t.campaigns.rate(n(c.rate))}`}
                    />
                  )}
                  {c.targeted !== null && c.responded !== null && (
                    <Caption1 className={styles.muted}>
                      {t.campaigns.answered(n(c.responded, 0), n(c.targeted, 0))}
                    </Caption1>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Section>
      )}
      {showCampaigns && (
        <Section
          title={
            view.childcare
              ? t.childcare.title(view.childcare.fiscalYear)
              : t.childcare.title(Number(view.month.slice(0, 4)))
          }
        >
          {!view.childcare ? (
            <Body1 className={styles.muted}>{t.childcare.none}</Body1>
          ) : (
            <>
              {view.childcare.births === null && (
                <Caption1 className={styles.muted}>{t.childcare.small}</Caption1>
              )}
              <ul className={styles.list}>
                {view.childcare.targets.map((c) => (
                  <li key={c.id}>
                    <div className={styles.line}>
                      <Body1>{t.childcare.targets[c.id] ?? c.id}</Body1>
                      <Body1>{c.rate === null ? '—' : `${n(c.rate * 100)}%`}</Body1>
                    </div>
                    <Caption1 className={styles.muted}>
                      {t.childcare.target(n(c.target * 100, 0))} ·{' '}
                      {t.childcare.baseline(n(c.baseline * 100), c.baselineFiscalYear)}
                    </Caption1>
                  </li>
                ))}
              </ul>
            </>
          )}
        </Section>
      )}
    </div>
  );
}

type Person = NonNullable<DashboardView['people']>[number];

/** The people of a section the viewer manages (the API sends none otherwise). */
export function PeopleTable({ view }: { view: DashboardView }) {
  const styles = useStyles();
  const t = usePageTexts(DASHBOARD_TEXTS).people;
  const id = useId();
  const hoursOf = (m: number | null) => (m === null ? null : Math.round(m / 6) / 10);
  const num = (v: number | null) => v ?? Number.NEGATIVE_INFINITY;
  const columns: TableColumnDefinition<Person>[] = [
    createTableColumn<Person>({
      columnId: 'no',
      compare: (a, b) => a.employeeNo.localeCompare(b.employeeNo),
      renderHeaderCell: () => t.employeeNo,
      renderCell: (p) => p.employeeNo,
    }),
    createTableColumn<Person>({
      columnId: 'name',
      compare: (a, b) => a.name.localeCompare(b.name, 'ja'),
      renderHeaderCell: () => t.name,
      renderCell: (p) => (p.isManagerial ? `${p.name}（${t.managerial}）` : p.name),
    }),
    createTableColumn<Person>({
      columnId: 'minutes',
      compare: (a, b) => num(a.minutes) - num(b.minutes),
      renderHeaderCell: () => t.minutes,
      renderCell: (p) => <Figure value={hoursOf(p.minutes)} floor={view.minGroupSize} />,
    }),
    createTableColumn<Person>({
      columnId: 'lastYear',
      compare: (a, b) => num(a.lastYearMinutes) - num(b.lastYearMinutes),
      renderHeaderCell: () => t.lastYear,
      renderCell: (p) => <Figure value={hoursOf(p.lastYearMinutes)} floor={view.minGroupSize} />,
    }),
    createTableColumn<Person>({
      columnId: 'leave',
      compare: (a, b) => a.annualLeaveDays - b.annualLeaveDays,
      renderHeaderCell: () => t.leave,
      renderCell: (p) => <Figure value={p.annualLeaveDays} floor={view.minGroupSize} />,
    }),
    createTableColumn<Person>({
      columnId: 'alert',
      compare: (a, b) => (a.alert100 ?? '').localeCompare(b.alert100 ?? ''),
      renderHeaderCell: () => t.alert,
      renderCell: (p) => t.alertState[p.alert100 ?? 'none'] ?? '—',
    }),
  ];
  return (
    <section aria-labelledby={id} className={styles.section}>
      <Subtitle2 as="h2" id={id} className={styles.h2}>
        {t.title}
      </Subtitle2>
      {view.mine && view.total.allStaffHidden && (
        <Body1>{t.mine(view.mine.staff, view.mine.totalHours.toFixed(1))}</Body1>
      )}
      {view.people && view.peopleTotal > view.people.length && (
        <Caption1 className={styles.muted}>{t.firstOf(view.people.length, view.peopleTotal)}</Caption1>
      )}
      {!view.people ? (
        <Body1 className={styles.muted}>{t.none}</Body1>
      ) : (
        <div className={styles.wrap}>
          <DataGrid
            items={view.people}
            columns={columns}
            sortable
            getRowId={(p) => p.employeeId}
            aria-labelledby={id}
            size="small"
            defaultSortState={{ sortColumn: 'minutes', sortDirection: 'descending' }}
          >
            <DataGridHeader>
              <DataGridRow>
                {({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}
              </DataGridRow>
            </DataGridHeader>
            <DataGridBody<Person>>
              {({ item, rowId }) => (
                <DataGridRow<Person> key={rowId}>
                  {({ renderCell, columnId }) => (
                    <DataGridCell
                      className={
                        columnId === 'no' || columnId === 'name' || columnId === 'alert'
                          ? undefined
                          : styles.num
                      }
                    >
                      {renderCell(item)}
                    </DataGridCell>
                  )}
                </DataGridRow>
              )}
            </DataGridBody>
          </DataGrid>
        </div>
      )}
    </section>
  );
}
