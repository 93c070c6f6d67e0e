import { Body1, Button, makeStyles, Spinner, tokens } from '@fluentui/react-components';
import { lazy, Suspense, useEffect, useState } from 'react';
import { ExportButtons, useDownload } from '../components/export-buttons.tsx';
import { SelectField } from '../components/form-fields.tsx';
import { Notice } from '../components/notice.tsx';
import { PageLayout } from '../components/page-layout.tsx';
import { usePageStyles } from '../components/page-styles.ts';
import { ProblemMessage } from '../components/problem-message.tsx';
import { useApiData } from '../components/use-api-data.ts';
import { useI18n, usePageTexts } from '../i18n/locale.tsx';
import { useSignedIn } from '../signed-in.ts';
import { DASHBOARD_TEXTS } from './dashboard/dashboard.texts.ts';
import type { DashboardRow, DashboardView, Drill } from './dashboard/dashboard.types.ts';
import { PeopleTable, SideFigures } from './dashboard/dashboard-sections.tsx';
import { DashboardTable } from './dashboard/dashboard-table.tsx';
import { KpiTiles, runningMonth } from './dashboard/kpi-tiles.tsx';
import { RiskPanel, type RiskView } from './dashboard/risk-panel.tsx';
import { WellbeingPanel } from './dashboard/wellbeing-panel.tsx';
import type { PageProps } from './page-registry.ts';

// The charts (recharts, most of this page's weight) load after the figures and the table are shown.
const DashboardCharts = lazy(() => import('./dashboard/dashboard-charts.tsx'));

const useStyles = makeStyles({
  crumbs: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    listStyleType: 'none',
    margin: 0,
    padding: 0,
  },
  sep: { color: tokens.colorNeutralForeground3 },
  current: { fontWeight: tokens.fontWeightSemibold },
});

const pathOf = (drill: Drill, month: string | null) => {
  // Until a month is chosen: the last complete month (a running month looks empty and misleads).
  const q = month ? `?month=${month}` : '?opening=complete';
  if (drill.level === 'bureau') return `/api/tab/dashboard/bureaus/${drill.id}${q}`;
  if (drill.level === 'section') return `/api/tab/dashboard/sections/${drill.id}${q}`;
  return `/api/tab/dashboard${q}`;
};

/**
 * ダッシュボード: overview → bureau → section (→ people of one's own subtree). The server decides
 * what each viewer sees; the page only follows the links the answer offers.
 */
export default function DashboardPage({ scope }: PageProps) {
  const styles = useStyles();
  const page = usePageStyles();
  const { locale } = useI18n();
  const t = usePageTexts(DASHBOARD_TEXTS);
  const { me } = useSignedIn();
  const [drill, setDrill] = useState<Drill>({ level: 'top' });
  const [month, setMonth] = useState<string | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  const { download, error: exportError } = useDownload();
  const { data: view, error, loading, reload } = useApiData<DashboardView>(pathOf(drill, month));
  // The running month's projection per person and the open alerts of any month (overview only).
  const { data: risk } = useApiData<RiskView>(drill.level === 'top' ? '/api/tab/dashboard/risk' : null);

  // The channel tab configured for one section/bureau opens it directly when the viewer has just one.
  useEffect(() => {
    if (!view || drill.level !== 'top' || !scope) return;
    const only = view.rows.length === 1 ? view.rows[0] : undefined;
    // A 'residual' row is one where the viewer sees some of the people: they may still open it.
    if (!only || (only.hidden && only.hidden !== 'residual')) return;
    if (scope === 'section' && view.rowLevel === 'section')
      setDrill({ level: 'section', id: only.id, name: only.name });
    if (scope === 'bureau' && view.rowLevel === 'bureau')
      setDrill({ level: 'bureau', id: only.id, name: only.name });
  }, [view, drill.level, scope]);

  const open = (row: DashboardRow) => {
    if (!view) return;
    if (view.rowLevel === 'bureau') setDrill({ level: 'bureau', id: row.id, name: row.name });
    else
      setDrill({
        level: 'section',
        id: row.id,
        name: row.name,
        from: drill.level === 'bureau' ? { id: drill.id, name: drill.name } : undefined,
      });
  };

  const exportPath = (format: 'csv' | 'xlsx') => {
    const id = drill.level === 'top' ? '' : `&id=${drill.id}`;
    const viewName = drill.level === 'top' ? 'overview' : drill.level;
    return `/api/tab/dashboard/export?view=${viewName}${id}&month=${view?.month}&format=${format}&locale=${locale}`;
  };
  const exports = [
    { label: t.exportCsv, path: exportPath('csv'), kind: 'CSV' },
    { label: t.exportXlsx, path: exportPath('xlsx'), kind: 'Excel' },
  ];

  const topLevel =
    view?.level === 'manager' ||
    (drill.level !== 'top' && !me.roles.some((r) => ['hr', 'admin', 'executive', 'wlb_officer'].includes(r)))
      ? 'manager'
      : 'ministry';
  // A 局長 (or a bureau's WLB officer) sees one bureau: the top is that bureau, not 全体.
  const orgWide = me.roles.some((r) => r === 'hr' || r === 'admin');
  const single = !orgWide && view?.rowLevel === 'bureau' && view.rows.length === 1 ? view.rows[0] : undefined;
  const crumbs: { label: string; go?: () => void }[] = [
    {
      label: single && drill.level === 'top' ? single.name : t.top(topLevel),
      go: () => setDrill({ level: 'top' }),
    },
  ];
  if (drill.level === 'bureau') crumbs.push({ label: drill.name });
  if (drill.level === 'section') {
    if (drill.from) {
      const from = drill.from;
      crumbs.push({ label: from.name, go: () => setDrill({ level: 'bureau', ...from }) });
    }
    crumbs.push({ label: drill.name });
  }

  const hasData = view && view.total.thisMonth !== null;
  return (
    <PageLayout
      title={drill.level === 'top' ? t.pageTitle : `${t.pageTitle}: ${drill.name}`}
      intro={<Body1>{t.intro}</Body1>}
      filters={
        <>
          <nav aria-label={t.breadcrumb}>
            <ol className={styles.crumbs}>
              {crumbs.map((c, i) => (
                <li key={c.label}>
                  {i > 0 && (
                    <span className={styles.sep} aria-hidden="true">
                      {' › '}
                    </span>
                  )}
                  {c.go && i < crumbs.length - 1 ? (
                    <Button appearance="transparent" size="small" onClick={c.go}>
                      {c.label}
                    </Button>
                  ) : (
                    <span className={styles.current} aria-current="page">
                      {c.label}
                    </span>
                  )}
                </li>
              ))}
            </ol>
          </nav>
          {view && view.months.length > 0 && (
            <SelectField
              label={t.month}
              size="small"
              value={view.month}
              onChange={setMonth}
              options={[...new Set([view.month, ...view.months])].map((m) => ({ value: m, label: m }))}
            />
          )}
        </>
      }
      actions={
        view && (
          <ExportButtons
            exports={exports}
            download={async (e) => {
              if (await download(e.path)) setExported(e.kind);
            }}
          />
        )
      }
    >
      {exported && (
        <Notice intent="success" className={page.notice}>
          {t.exported(exported)}
        </Notice>
      )}
      {exportError !== null && <ProblemMessage error={exportError} />}
      {error !== null && <ProblemMessage error={error} onRetry={reload} />}
      {loading && !view && <Spinner label={t.loading} />}
      {view && (
        <div aria-busy={loading}>
          {!hasData && !view.total.hidden && (
            <Notice intent="info" className={page.notice}>
              {t.empty}
            </Notice>
          )}
          {drill.level === 'top' && risk && <RiskPanel risk={risk} />}
          <KpiTiles view={view} openAlerts={drill.level === 'top' ? risk?.openAlertCount : undefined} />
          <Suspense fallback={<Spinner size="tiny" label={t.loading} />}>
            <DashboardCharts view={view} />
          </Suspense>
          {view.rowLevel && view.rows.length > 0 && (
            <DashboardTable
              rows={view.rows}
              total={view.total}
              level={view.rowLevel}
              floor={view.minGroupSize}
              canOpen={(r) => r.hidden === null || r.hidden === 'residual' || r.managedByViewer}
              onOpen={open}
              partial={view.month === runningMonth()}
            />
          )}
          {view.level === 'section' && <PeopleTable view={view} />}
          <SideFigures view={view} />
          {drill.level !== 'section' && (
            <WellbeingPanel
              month={view.month}
              bureauId={drill.level === 'bureau' ? drill.id : undefined}
              showTargets={
                drill.level === 'top' &&
                me.roles.some((r) => ['hr', 'admin', 'executive', 'wlb_officer'].includes(r))
              }
            />
          )}
        </div>
      )}
    </PageLayout>
  );
}
