import { Body1, makeStyles, Spinner, Tab, TabList, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { PageLayout } from '../components/page-layout.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { useApiData } from '../components/use-api-data.ts';
import { usePageTexts } from '../i18n/locale.tsx';
import { useSignedIn } from '../signed-in.ts';
import type { PageProps } from './page-registry.ts';
import { AuditPanel } from './settings/audit-panel.tsx';
import { RolesPanel } from './settings/roles-panel.tsx';
import { SETTINGS_TEXTS } from './settings/settings.texts.ts';
import {
  AnnouncementsForm,
  ChildcareForm,
  OvertimeForm,
  PrivacyForm,
  QuietHoursForm,
  type SettingEntry,
} from './settings/settings-forms.tsx';
import { SubjectsPanel } from './settings/subjects-panel.tsx';

const useStyles = makeStyles({
  // Seven sub-tabs do not fit 400 px (Teams mobile): they wrap instead of widening the page.
  tabs: { marginBlockEnd: tokens.spacingVerticalL, flexWrap: 'wrap', maxWidth: '100%' },
});

interface SettingsAnswer {
  settings: {
    privacy: SettingEntry<{ minGroupSize: number }>;
    quietHours: SettingEntry<{ start: string; end: string; alert100Exempt: boolean }>;
    overtime: SettingEntry<Parameters<typeof OvertimeForm>[0]['entry']['value']>;
    childcare: SettingEntry<Parameters<typeof ChildcareForm>[0]['entry']['value']>;
    announcements: SettingEntry<Parameters<typeof AnnouncementsForm>[0]['entry']['value']>;
  };
  bureaus: { id: string; code: string; name: string }[];
  canManageAdmins: boolean;
}

type Panel =
  | 'privacy'
  | 'quiet'
  | 'overtime'
  | 'childcare'
  | 'announcements'
  | 'roles'
  | 'audit'
  | 'subjects';

/** 設定 (hr/admin): settings forms, role assignments and, for administrators, the audit log and data-subject rights. */
export default function SettingsPage(_props: PageProps) {
  const styles = useStyles();
  const t = usePageTexts(SETTINGS_TEXTS);
  const { me } = useSignedIn();
  const isAdmin = me.roles.includes('admin');
  const [panel, setPanel] = useState<Panel>('privacy');
  const { data, error, reload } = useApiData<SettingsAnswer>('/api/tab/settings');
  // Announcement delivery is the administrator's: the second approver is a check on HR themselves.
  const panels: Panel[] = [
    'privacy',
    'quiet',
    'overtime',
    'childcare',
    ...(isAdmin ? (['announcements'] as const) : []),
    'roles',
    ...(isAdmin ? (['audit', 'subjects'] as const) : []),
  ];
  return (
    <PageLayout title={t.title} intro={<Body1>{t.intro}</Body1>}>
      <TabList
        className={styles.tabs}
        selectedValue={panel}
        onTabSelect={(_e, d) => setPanel(d.value as Panel)}
        aria-label={t.title}
      >
        {panels.map((p) => (
          <Tab key={p} value={p} id={`settings-tab-${p}`} aria-controls="settings-panel">
            {t.tabs[p]}
          </Tab>
        ))}
      </TabList>
      <div role="tabpanel" id="settings-panel" aria-labelledby={`settings-tab-${panel}`}>
        {error !== null && <ProblemMessage error={error} onRetry={reload} />}
        {!data && error === null && <Spinner />}
        {data && panel === 'privacy' && <PrivacyForm entry={data.settings.privacy} onSaved={reload} />}
        {data && panel === 'quiet' && <QuietHoursForm entry={data.settings.quietHours} onSaved={reload} />}
        {data && panel === 'overtime' && <OvertimeForm entry={data.settings.overtime} onSaved={reload} />}
        {data && panel === 'childcare' && <ChildcareForm entry={data.settings.childcare} onSaved={reload} />}
        {data && panel === 'announcements' && isAdmin && (
          <AnnouncementsForm entry={data.settings.announcements} onSaved={reload} />
        )}
        {data && panel === 'roles' && (
          <RolesPanel bureaus={data.bureaus} canManageAdmins={data.canManageAdmins} />
        )}
        {panel === 'audit' && isAdmin && <AuditPanel />}
        {panel === 'subjects' && isAdmin && <SubjectsPanel />}
      </div>
    </PageLayout>
  );
}
