import {
  Body1,
  Button,
  Card,
  makeStyles,
  Select,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { useId, useState } from 'react';
import type { CampaignRow } from '../../../../contracts/tab-api/leave.contract.ts';
import { PageHeader } from '../components/page-header.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { useApiData } from '../components/use-api-data.ts';
import { useI18n, usePageTexts } from '../i18n/locale.tsx';
import { CampaignForm } from './leave/campaign-form.tsx';
import { leavePlansTexts } from './leave/leave-plans.texts.ts';
import { MyLeavePlans } from './leave/my-plans.tsx';
import { SectionPlanTable } from './leave/section-table.tsx';
import type { PageProps } from './page-registry.ts';

const useStyles = makeStyles({
  stack: { display: 'grid', gap: tokens.spacingVerticalXL, maxWidth: '100%' },
  title: { margin: 0 },
  empty: { color: tokens.colorNeutralForeground2 },
  picker: { maxWidth: '24rem', marginBlock: tokens.spacingVerticalM },
});

/** Links from the bot's cards open this page with ?campaign=…&section=… */
function initialSelection(): { campaign: string | null; section: string | null } {
  const q = new URLSearchParams(typeof window === 'undefined' ? '' : window.location.search);
  return { campaign: q.get('campaign'), section: q.get('section') };
}

/** 休暇計画表: campaigns (HR / WLB officers open them here) and each section's table for managers. */
export default function LeavePlansPage(_props: PageProps) {
  const styles = useStyles();
  const { t: common } = useI18n();
  const t = usePageTexts(leavePlansTexts);
  const listId = useId();
  const tableId = useId();
  const [selection, setSelection] = useState(initialSelection);
  const list = useApiData<{ campaigns: CampaignRow[]; canCreate: boolean }>('/api/tab/leave/campaigns');
  const sections = useApiData<{ sections: { id: string; name: string; members: number }[] }>(
    selection.campaign ? `/api/tab/leave/campaigns/${selection.campaign}/sections` : null,
  );
  const campaigns = list.data?.campaigns ?? [];
  const chosen = campaigns.find((c) => c.id === selection.campaign);

  return (
    <>
      <PageHeader title={common.nav['leave-plans']}>{common.pageIntro['leave-plans']}</PageHeader>
      <div className={styles.stack}>
        <MyLeavePlans />
        <Card role="region" aria-labelledby={listId}>
          <Subtitle2 as="h2" id={listId} className={styles.title}>
            {t.campaigns}
          </Subtitle2>
          {list.error !== null && <ProblemMessage error={list.error} onRetry={list.reload} />}
          {list.data && campaigns.length === 0 && <Body1 className={styles.empty}>{t.none}</Body1>}
          {campaigns.length > 0 && (
            <Table aria-labelledby={listId} size="small">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t.columns.title}</TableHeaderCell>
                  <TableHeaderCell>{t.columns.kind}</TableHeaderCell>
                  <TableHeaderCell>{t.columns.period}</TableHeaderCell>
                  <TableHeaderCell>{t.columns.deadline}</TableHeaderCell>
                  <TableHeaderCell>{t.columns.answers}</TableHeaderCell>
                  <TableHeaderCell>{t.columns.open}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {campaigns.map((c) => (
                  <TableRow key={c.id} aria-selected={c.id === selection.campaign}>
                    <TableCell>{c.title}</TableCell>
                    <TableCell>{t.kind[c.kind]}</TableCell>
                    <TableCell>
                      {c.periodStart} – {c.periodEnd}
                    </TableCell>
                    <TableCell>{c.deadline}</TableCell>
                    <TableCell>{c.targets === null ? '—' : `${c.responded} / ${c.targets}`}</TableCell>
                    <TableCell>
                      <Button size="small" onClick={() => setSelection({ campaign: c.id, section: null })}>
                        {t.openTable}
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Card>

        {selection.campaign && (
          <Card role="region" aria-labelledby={tableId}>
            <Subtitle2 as="h2" id={tableId} className={styles.title}>
              {chosen?.title ?? t.sections}
            </Subtitle2>
            {sections.error !== null && <ProblemMessage error={sections.error} onRetry={sections.reload} />}
            {sections.data && (
              <Select
                className={styles.picker}
                aria-label={t.chooseSection}
                value={selection.section ?? ''}
                onChange={(_, d) => setSelection((s) => ({ ...s, section: d.value || null }))}
              >
                <option value="">{t.chooseSection}</option>
                {sections.data.sections.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} ({s.members})
                  </option>
                ))}
              </Select>
            )}
            {selection.section && (
              <SectionPlanTable campaignId={selection.campaign} sectionId={selection.section} />
            )}
          </Card>
        )}

        {list.data?.canCreate && <CampaignForm onCreated={list.reload} />}
      </div>
    </>
  );
}
