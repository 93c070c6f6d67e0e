import {
  Badge,
  Caption1,
  Card,
  makeStyles,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import type { RiskView } from '../../../../../core/dashboard/risk.service.ts';
import { formatNumber, useI18n, usePageTexts } from '../../i18n/locale.tsx';
import { RISK_TEXTS } from './risk.texts.ts';

// The route's own response type (GET /api/tab/dashboard/risk), not a copy of it.
export type { RiskView };

const useStyles = makeStyles({
  card: { marginBlockEnd: tokens.spacingVerticalL, maxWidth: '100%' },
  h2: { margin: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
  wrap: { overflowX: 'auto', maxWidth: '100%' },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
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
  const { locale } = useI18n();
  const t = usePageTexts(RISK_TEXTS);
  const h = (minutes: number, d = 1) => formatNumber(locale, minutes / 60, d);
  const atRisk = risk.people.filter((p) => p.level !== 'none');
  const others = risk.people.length - atRisk.length;
  const first = risk.people[0];
  if (risk.people.length === 0 && risk.openAlerts.length === 0) return null;
  return (
    <Card className={styles.card} role="region" aria-label={t.title}>
      <Subtitle2 as="h2" className={styles.h2}>
        {t.title}
      </Subtitle2>
      {first && (
        <Caption1 className={styles.muted}>
          {first.basis === 'too_early'
            ? t.tooEarly
            : t.basis(first.asOf, first.workingDaysElapsed, first.workingDaysInMonth)}
        </Caption1>
      )}
      {atRisk.length > 0 && (
        <div className={styles.wrap}>
          <Table size="small" aria-label={t.title}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t.name}</TableHeaderCell>
                <TableHeaderCell>{t.section}</TableHeaderCell>
                <TableHeaderCell>{t.soFar}</TableHeaderCell>
                <TableHeaderCell>{t.projected}</TableHeaderCell>
                <TableHeaderCell>{t.level}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {atRisk.map((p) => (
                <TableRow
                  key={p.employeeId}
                  className={
                    p.level === 'over100' ? styles.over100 : p.level === 'over80' ? styles.over80 : undefined
                  }
                >
                  <TableCell>{p.name}</TableCell>
                  <TableCell>{p.sectionName}</TableCell>
                  <TableCell>{h(p.minutesSoFar)}</TableCell>
                  <TableCell>{h(p.projectedMinutes)}</TableCell>
                  <TableCell>
                    {p.level !== 'none' && (
                      <Badge appearance="tint" color={COLOR[p.level]}>
                        {t.levels[p.level](h(risk.levels[p.level], 0))}
                      </Badge>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {risk.people.length > 0 && (
        <Caption1 className={styles.muted}>
          {atRisk.length === 0
            ? t.none(h(risk.levels.over45, 0))
            : others > 0
              ? t.others(others, h(risk.levels.over45, 0))
              : ''}
        </Caption1>
      )}
      {risk.openAlerts.length > 0 && (
        <>
          <Subtitle2 as="h3" className={styles.h2}>
            {t.alerts}
          </Subtitle2>
          <ul className={styles.list}>
            {risk.openAlerts.map((a) => (
              <li key={a.id}>{t.alertLine(a.name, a.month, h(a.valueMinutes), a.raisedOn)}</li>
            ))}
          </ul>
          {risk.openAlertsTotal > risk.openAlerts.length && (
            <Caption1 className={styles.muted}>
              {t.moreAlerts(risk.openAlertsTotal - risk.openAlerts.length)}
            </Caption1>
          )}
          <Caption1 className={styles.muted}>{t.alertHint}</Caption1>
        </>
      )}
    </Card>
  );
}
