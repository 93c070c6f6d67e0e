import { Body1, Button, makeStyles, Select, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { CampaignRow, CampaignSection } from '../../../../contracts/tab-api/leave.contract.ts';
import { DataTable } from '../components/data-table.tsx';
import { PageLayout, PageSection } from '../components/page-layout.tsx';
import { usePageStyles } from '../components/page-styles.ts';
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
  const page = usePageStyles();
  const { t: common } = useI18n();
  const t = usePageTexts(leavePlansTexts);
  const [selection, setSelection] = useState(initialSelection);
  const list = useApiData<{ campaigns: CampaignRow[]; canCreate: boolean }>('/api/tab/leave/campaigns');
  const sections = useApiData<{ sections: CampaignSection[] }>(
    selection.campaign ? `/api/tab/leave/campaigns/${selection.campaign}/sections` : null,
  );
  const campaigns = list.data?.campaigns ?? [];
  const chosen = campaigns.find((c) => c.id === selection.campaign);

  return (
    <PageLayout title={common.nav['leave-plans']} intro={common.pageIntro['leave-plans']}>
      <div className={styles.stack}>
        <MyLeavePlans />
        <PageSection title={t.campaigns}>
          {list.error !== null && <ProblemMessage error={list.error} onRetry={list.reload} />}
          {list.data && campaigns.length === 0 && <Body1 className={page.muted}>{t.none}</Body1>}
          {campaigns.length > 0 && (
            <DataTable
              rows={campaigns}
              rowKey={(c) => c.id}
              columns={[
                { id: 'title', header: t.columns.title, cell: (c) => c.title },
                { id: 'kind', header: t.columns.kind, cell: (c) => t.kind[c.kind] },
                {
                  id: 'period',
                  header: t.columns.period,
                  cell: (c) => (
                    <>
                      {c.periodStart} – {c.periodEnd}
                    </>
                  ),
                },
                { id: 'deadline', header: t.columns.deadline, cell: (c) => c.deadline },
                {
                  id: 'answers',
                  header: t.columns.answers,
                  cell: (c) => (c.targets === null ? '—' : `${c.responded} / ${c.targets}`),
                },
                {
                  id: 'open',
                  header: t.columns.open,
                  cell: (c) => (
                    <Button size="small" onClick={() => setSelection({ campaign: c.id, section: null })}>
                      {t.openTable}
                    </Button>
                  ),
                },
              ]}
            />
          )}
        </PageSection>

        {selection.campaign && (
          <PageSection title={chosen?.title ?? t.sections}>
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
          </PageSection>
        )}

        {list.data?.canCreate && <CampaignForm onCreated={list.reload} />}
      </div>
    </PageLayout>
  );
}
