import { useCallback, useEffect, useState } from 'react';
import type { SurveySummary } from '../../../../contracts/tab-api/surveys.contract.ts';
import { PageLayout } from '../components/page-layout.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { useI18n } from '../i18n/locale.tsx';
import { useSignedIn } from '../signed-in.ts';
import type { PageProps } from './page-registry.ts';
import { SurveyComposer } from './surveys/survey-composer.tsx';
import { SurveyResults } from './surveys/survey-results.tsx';

/** アンケート: compose and send (hr, WLB officers), then results per bureau and section, and the trend. */
export default function SurveysPage(_props: PageProps) {
  const { t } = useI18n();
  const { api, me } = useSignedIn();
  const [surveys, setSurveys] = useState<SurveySummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(
    () =>
      api.get<{ surveys: SurveySummary[] }>('/api/tab/surveys').then((r) => setSurveys(r.surveys), setError),
    [api],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const composes = me.roles.includes('hr') || me.roles.includes('wlb_officer');
  return (
    <PageLayout title={t.nav.surveys} intro={t.pageIntro.surveys}>
      {composes && <SurveyComposer onSent={() => void load()} />}
      {error !== null && <ProblemMessage error={error} />}
      {surveys && <SurveyResults key={surveys.map((s) => s.id).join(',')} surveys={surveys} />}
    </PageLayout>
  );
}
