import { Body1, Card, makeStyles, mergeClasses, Subtitle2, tokens } from '@fluentui/react-components';
import { useId } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { usePageStyles } from '../../components/page-styles.ts';
import { formatNumber, useI18n, usePageTexts } from '../../i18n/locale.tsx';
import { DASHBOARD_TEXTS } from './dashboard.texts.ts';
import type { DashboardView } from './dashboard.types.ts';

const useStyles = makeStyles({
  // Wider cells than the page's grid: a chart needs room.
  grid: {
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 26rem), 1fr))',
    marginBlockEnd: tokens.spacingVerticalXL,
  },
  card: { gap: tokens.spacingVerticalS },
  chart: { width: '100%', height: '260px' },
});

// Fluent's tokens are CSS variables, so the charts follow the Teams theme (light, dark, contrast).
const AXIS = { fill: tokens.colorNeutralForeground2, fontSize: 12 };
const BAND_COLOURS = [
  tokens.colorPaletteGreenBackground3,
  tokens.colorPaletteYellowBackground3,
  tokens.colorPaletteDarkOrangeBackground3,
  tokens.colorPaletteRedBackground3,
];
const tooltipStyle = {
  backgroundColor: tokens.colorNeutralBackground1,
  border: `1px solid ${tokens.colorNeutralStroke1}`,
  color: tokens.colorNeutralForeground1,
};

function ChartCard({
  title,
  summary,
  children,
}: {
  title: string;
  summary: string;
  children: React.ReactNode;
}) {
  const styles = useStyles();
  const page = usePageStyles();
  const id = useId();
  return (
    <Card className={styles.card}>
      <figure className={page.heading} aria-labelledby={id}>
        <Subtitle2 as="h2" id={id} className={page.heading}>
          {title}
        </Subtitle2>
        {/* The chart is a picture; its numbers are in the summary and in the table below. */}
        <div className={styles.chart} role="img" aria-label={summary}>
          {children}
        </div>
      </figure>
    </Card>
  );
}

const monthLabel = (locale: 'ja' | 'en', month: string) =>
  locale === 'ja'
    ? `${Number(month.slice(5))}月`
    : new Date(`${month}-01T00:00:00Z`).toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });

/** The year's months (bars) against the same months last year (line), and the hour bands. */
export default function DashboardCharts({ view }: { view: DashboardView }) {
  const styles = useStyles();
  const page = usePageStyles();
  const { locale } = useI18n();
  const t = usePageTexts(DASHBOARD_TEXTS).charts;
  const data = view.trend.map((p) => ({
    month: monthLabel(locale, p.month),
    thisYear: p.avgHours,
    lastYear: p.lastYearAvgHours,
  }));
  const last = view.trend.at(-1);
  const summary = t.trendSummary(
    view.trend[0]?.month ?? '',
    last?.month ?? '',
    last?.avgHours == null ? '—' : formatNumber(locale, last.avgHours),
  );
  const bands = view.bands
    ? [view.bands.under45, view.bands.from45to80, view.bands.from80to100, view.bands.atLeast100].map(
        (count, i) => ({ band: t.bandNames[i] ?? '', count }),
      )
    : null;
  return (
    <div className={mergeClasses(page.grid, styles.grid)}>
      <ChartCard title={t.trend} summary={summary}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart
            accessibilityLayer={false}
            data={data}
            margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          >
            <CartesianGrid stroke={tokens.colorNeutralStroke2} vertical={false} />
            <XAxis dataKey="month" tick={AXIS} stroke={tokens.colorNeutralStroke1} />
            <YAxis tick={AXIS} stroke={tokens.colorNeutralStroke1} width={40} unit="h" />
            <Tooltip
              contentStyle={tooltipStyle}
              formatter={(v) => (typeof v === 'number' ? `${formatNumber(locale, v)} h` : '—')}
            />
            <Legend wrapperStyle={{ color: tokens.colorNeutralForeground1 }} />
            <Bar
              dataKey="thisYear"
              name={t.thisYear}
              fill={tokens.colorBrandBackground}
              radius={[3, 3, 0, 0]}
              isAnimationActive={false}
            />
            <Line
              dataKey="lastYear"
              name={t.lastYear}
              stroke={tokens.colorNeutralForeground2}
              strokeDasharray="5 4"
              strokeWidth={2}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </ChartCard>
      <ChartCard
        title={t.bands}
        summary={bands ? bands.map((b) => `${b.band}: ${b.count}`).join(', ') : t.hidden}
      >
        {bands ? (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart
              accessibilityLayer={false}
              data={bands}
              layout="vertical"
              margin={{ top: 8, right: 24, bottom: 0, left: 8 }}
            >
              <CartesianGrid stroke={tokens.colorNeutralStroke2} horizontal={false} />
              <XAxis type="number" tick={AXIS} stroke={tokens.colorNeutralStroke1} allowDecimals={false} />
              <YAxis
                type="category"
                dataKey="band"
                tick={AXIS}
                width={96}
                stroke={tokens.colorNeutralStroke1}
              />
              <Tooltip contentStyle={tooltipStyle} cursor={{ fill: tokens.colorNeutralBackground1Hover }} />
              <Bar
                dataKey="count"
                name={t.peopleAxis}
                isAnimationActive={false}
                label={{ position: 'right', fill: tokens.colorNeutralForeground1, fontSize: 12 }}
              >
                {bands.map((b, i) => (
                  <Cell key={b.band} fill={BAND_COLOURS[i]} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        ) : (
          <Body1 className={page.muted}>{t.hidden}</Body1>
        )}
      </ChartCard>
    </div>
  );
}
