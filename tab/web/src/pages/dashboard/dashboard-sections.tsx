import { Body1, Caption1, makeStyles, mergeClasses, ProgressBar, tokens } from '@fluentui/react-components';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { PageSection } from '../../components/page-layout.tsx';
import { usePageStyles } from '../../components/page-styles.ts';
import { formatNumber, useI18n, usePageTexts } from '../../i18n/locale.tsx';
import { DASHBOARD_TEXTS } from './dashboard.texts.ts';
import type { DashboardView } from './dashboard.types.ts';
import { Figure } from './figure.tsx';

const useStyles = makeStyles({
  below: { marginBlockEnd: tokens.spacingVerticalXL },
});

/** HQ vs agencies vs regional branches, campaign response rates, childcare take-up. */
export function SideFigures({ view }: { view: DashboardView }) {
  const styles = useStyles();
  const page = usePageStyles();
  const { locale } = useI18n();
  const t = usePageTexts(DASHBOARD_TEXTS);
  const n = (v: number, d = 1) => formatNumber(locale, v, d);
  const floor = view.minGroupSize;
  const showCampaigns = view.level === 'ministry' || view.level === 'bureau';
  if (view.byKind.length === 0 && !showCampaigns) return null;
  return (
    <div className={mergeClasses(page.grid, styles.below)}>
      {view.byKind.length > 0 && (
        <PageSection title={t.kinds.title}>
          <ul className={page.plainList}>
            {view.byKind.map((k) => (
              <li key={k.id}>
                <div className={page.line}>
                  <Body1>{t.kinds[k.id as 'headquarters'] ?? k.id}</Body1>
                  <Body1>
                    <Figure value={k.thisMonth?.avgHours} hidden={k.hidden} floor={floor} />{' '}
                    {t.kpi.hours('').trim()}
                  </Body1>
                </div>
                <Caption1 className={page.muted}>
                  {t.table.ge100}:{' '}
                  <Figure value={k.thisMonth?.ge100All} hidden={k.allStaffHidden} floor={floor} digits={0} />{' '}
                  · {t.table.lastYearAvg}:{' '}
                  <Figure value={k.lastYear?.avgHours} hidden={k.hidden} floor={floor} />
                </Caption1>
              </li>
            ))}
          </ul>
        </PageSection>
      )}
      {showCampaigns && (
        <PageSection title={t.campaigns.title}>
          {view.campaigns.length === 0 ? (
            <Body1 className={page.muted}>{t.campaigns.none}</Body1>
          ) : (
            <ul className={page.plainList}>
              {view.campaigns.map((c) => (
                <li key={c.campaignId}>
                  <div className={page.line}>
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
                    <Caption1 className={page.muted}>
                      {t.campaigns.answered(n(c.responded, 0), n(c.targeted, 0))}
                    </Caption1>
                  )}
                </li>
              ))}
            </ul>
          )}
        </PageSection>
      )}
      {showCampaigns && (
        <PageSection
          title={
            view.childcare
              ? t.childcare.title(view.childcare.fiscalYear)
              : t.childcare.title(Number(view.month.slice(0, 4)))
          }
        >
          {!view.childcare ? (
            <Body1 className={page.muted}>{t.childcare.none}</Body1>
          ) : (
            <>
              {view.childcare.births === null && (
                <Caption1 className={page.muted}>{t.childcare.small}</Caption1>
              )}
              <ul className={page.plainList}>
                {view.childcare.targets.map((c) => (
                  <li key={c.id}>
                    <div className={page.line}>
                      <Body1>{t.childcare.targets[c.id] ?? c.id}</Body1>
                      <Body1>{c.rate === null ? '—' : `${n(c.rate * 100)}%`}</Body1>
                    </div>
                    <Caption1 className={page.muted}>
                      {t.childcare.target(n(c.target * 100, 0))} ·{' '}
                      {t.childcare.baseline(n(c.baseline * 100), c.baselineFiscalYear)}
                    </Caption1>
                  </li>
                ))}
              </ul>
            </>
          )}
        </PageSection>
      )}
    </div>
  );
}

type Person = NonNullable<DashboardView['people']>[number];

/** The people of a section the viewer manages (the API sends none otherwise). */
export function PeopleTable({ view }: { view: DashboardView }) {
  const styles = useStyles();
  const page = usePageStyles();
  const t = usePageTexts(DASHBOARD_TEXTS).people;
  const hoursOf = (m: number | null) => (m === null ? null : Math.round(m / 6) / 10);
  const num = (v: number | null) => v ?? Number.NEGATIVE_INFINITY;
  const columns: Column<Person>[] = [
    {
      id: 'no',
      header: t.employeeNo,
      compare: (a, b) => a.employeeNo.localeCompare(b.employeeNo),
      cell: (p) => p.employeeNo,
    },
    {
      id: 'name',
      header: t.name,
      compare: (a, b) => a.name.localeCompare(b.name, 'ja'),
      cell: (p) => (p.isManagerial ? `${p.name}（${t.managerial}）` : p.name),
    },
    {
      id: 'minutes',
      header: t.minutes,
      numeric: true,
      compare: (a, b) => num(a.minutes) - num(b.minutes),
      cell: (p) => <Figure value={hoursOf(p.minutes)} floor={view.minGroupSize} />,
    },
    {
      id: 'lastYear',
      header: t.lastYear,
      numeric: true,
      compare: (a, b) => num(a.lastYearMinutes) - num(b.lastYearMinutes),
      cell: (p) => <Figure value={hoursOf(p.lastYearMinutes)} floor={view.minGroupSize} />,
    },
    {
      id: 'leave',
      header: t.leave,
      numeric: true,
      compare: (a, b) => a.annualLeaveDays - b.annualLeaveDays,
      cell: (p) => <Figure value={p.annualLeaveDays} floor={view.minGroupSize} />,
    },
    {
      id: 'alert',
      header: t.alert,
      compare: (a, b) => (a.alert100 ?? '').localeCompare(b.alert100 ?? ''),
      cell: (p) => t.alertState[p.alert100 ?? 'none'] ?? '—',
    },
  ];
  return (
    <PageSection title={t.title} card={false} className={styles.below}>
      {view.mine && view.total.allStaffHidden && (
        <Body1>{t.mine(view.mine.staff, view.mine.totalHours.toFixed(1))}</Body1>
      )}
      {view.people && view.peopleTotal > view.people.length && (
        <Caption1 className={page.muted}>{t.firstOf(view.people.length, view.peopleTotal)}</Caption1>
      )}
      {!view.people ? (
        <Body1 className={page.muted}>{t.none}</Body1>
      ) : (
        <DataTable
          rows={view.people}
          columns={columns}
          rowKey={(p) => p.employeeId}
          defaultSort={{ column: 'minutes', direction: 'descending' }}
        />
      )}
    </PageSection>
  );
}
