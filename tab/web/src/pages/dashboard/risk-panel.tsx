import { Badge, Caption1, makeStyles, Subtitle2, tokens } from '@fluentui/react-components';
import type { RiskView } from '../../../../../contracts/tab-api/dashboard.contract.ts';
import { DataTable } from '../../components/data-table.tsx';
import { PageSection } from '../../components/page-layout.tsx';
import { usePageStyles } from '../../components/page-styles.ts';
import { formatNumber, useI18n, usePageTexts } from '../../i18n/locale.tsx';
import { RISK_TEXTS } from './risk.texts.ts';

// The route's own response type (GET /api/tab/dashboard/risk), not a copy of it.
export type { RiskView };

const useStyles = makeStyles({
  card: { marginBlockEnd: tokens.spacingVerticalL, maxWidth: '100%' },
  over100: { backgroundColor: tokens.colorPaletteRedBackground1 },
  over80: { backgroundColor: tokens.colorPaletteMarigoldBackground1 },
});

const COLOR = { over100: 'danger', over80: 'warning', over45: 'informative' } as const;

/**
 * The 課長's question at a glance: who of my people will reach 45/80/100 h this month (the bot's
 * pace rule, per person), and which 100 h alerts still wait for me, whatever month they are about.
 */
export function RiskPanel({ risk }: { risk: RiskView }) {
  const styles = useStyles();
  const page = usePageStyles();
  const { locale } = useI18n();
  const t = usePageTexts(RISK_TEXTS);
  const h = (minutes: number, d = 1) => formatNumber(locale, minutes / 60, d);
  // The API names only the people at risk (at most 200, most at risk first) and counts the rest.
  const atRisk = risk.people.filter((p) => p.level !== 'none');
  const others = risk.peopleWithData - risk.atRiskTotal;
  const unlisted = risk.atRiskTotal - atRisk.length;
  const first = risk.people[0];
  if (risk.peopleWithData === 0 && risk.openAlerts.length === 0) return null;
  return (
    <PageSection title={t.title} className={styles.card}>
      {first && (
        <Caption1 className={page.muted}>
          {first.basis === 'too_early'
            ? t.tooEarly
            : t.basis(first.asOf, first.workingDaysElapsed, first.workingDaysInMonth)}
        </Caption1>
      )}
      {atRisk.length > 0 && (
        <DataTable
          caption={t.title}
          rows={atRisk}
          rowKey={(p) => p.employeeId}
          rowClassName={(p) =>
            p.level === 'over100' ? styles.over100 : p.level === 'over80' ? styles.over80 : undefined
          }
          columns={[
            { id: 'name', header: t.name, cell: (p) => p.name },
            { id: 'section', header: t.section, cell: (p) => p.sectionName },
            { id: 'soFar', header: t.soFar, cell: (p) => h(p.minutesSoFar) },
            { id: 'projected', header: t.projected, cell: (p) => h(p.projectedMinutes) },
            {
              id: 'level',
              header: t.level,
              cell: (p) =>
                p.level !== 'none' && (
                  <Badge appearance="tint" color={COLOR[p.level]}>
                    {t.levels[p.level](h(risk.levels[p.level], 0))}
                  </Badge>
                ),
            },
          ]}
        />
      )}
      {unlisted > 0 && <Caption1 className={page.muted}>{t.moreAtRisk(unlisted)}</Caption1>}
      {risk.peopleWithData > 0 && (
        <Caption1 className={page.muted}>
          {risk.atRiskTotal === 0
            ? t.none(h(risk.levels.over45, 0))
            : others > 0
              ? t.others(others, h(risk.levels.over45, 0))
              : ''}
        </Caption1>
      )}
      {risk.openAlerts.length > 0 && (
        <>
          <Subtitle2 as="h3" className={page.heading}>
            {t.alerts}
          </Subtitle2>
          <ul className={page.bullets}>
            {risk.openAlerts.map((a) => (
              <li key={a.id}>{t.alertLine(a.name, a.month, h(a.valueMinutes), a.raisedOn)}</li>
            ))}
          </ul>
          {risk.openAlertsTotal > risk.openAlerts.length && (
            <Caption1 className={page.muted}>
              {t.moreAlerts(risk.openAlertsTotal - risk.openAlerts.length)}
            </Caption1>
          )}
          <Caption1 className={page.muted}>{t.alertHint}</Caption1>
        </>
      )}
    </PageSection>
  );
}
