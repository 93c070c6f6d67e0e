import {
  Badge,
  Button,
  Card,
  Dropdown,
  Field,
  makeStyles,
  Option,
  Subtitle2,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type {
  GroupResult,
  SurveyResults as ResultsReply,
  SurveySummary,
} from '../../../../../contracts/tab-api/surveys.contract.ts';
import { Notice } from '../../components/notice.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { formatNumber, useI18n, usePageTexts } from '../../i18n/locale.tsx';
import { useSignedIn } from '../../signed-in.ts';
import { SURVEY_TEXTS } from './surveys.texts.ts';

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap' },
  h2: { margin: 0 },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  group: {
    display: 'grid',
    gridTemplateColumns: 'minmax(7rem, 14rem) 1fr',
    gap: tokens.spacingHorizontalS,
    alignItems: 'center',
    // Teams mobile (~400 px): the name above its bar, so the bar keeps the whole width.
    '@media (max-width: 600px)': { gridTemplateColumns: '1fr', rowGap: tokens.spacingVerticalXXS },
  },
  section: { paddingInlineStart: tokens.spacingHorizontalL },
  name: { overflowWrap: 'anywhere' },
  bar: {
    display: 'flex',
    height: '1.25rem',
    borderRadius: tokens.borderRadiusSmall,
    overflow: 'hidden',
    background: tokens.colorNeutralBackground3,
  },
  meta: {
    gridColumn: '2',
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    '@media (max-width: 600px)': { gridColumn: '1' },
  },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    fontSize: tokens.fontSizeBase200,
  },
  swatch: {
    display: 'inline-block',
    width: '0.75rem',
    height: '0.75rem',
    marginInlineEnd: '0.25rem',
    verticalAlign: 'middle',
  },
  texts: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
});

// Blue scale, 1 (light) … 5 (dark); the same order on the legend.
const COLORS = ['#c7e0f4', '#8ec1e8', '#4f9fdb', '#1f78c1', '#0b4f88', '#5c2e91', '#8a8886', '#ca5010'];

function Bar({ counts, labels }: { counts: number[]; labels: string[] }) {
  const styles = useStyles();
  const total = counts.reduce((a, b) => a + b, 0);
  return (
    <div className={styles.bar} role="img" aria-label={counts.map((n, k) => `${labels[k]}: ${n}`).join(', ')}>
      {counts.map((n, k) => (
        <div
          key={labels[k] ?? k}
          style={{ width: total ? `${(100 * n) / total}%` : 0, background: COLORS[k % COLORS.length] }}
        />
      ))}
    </div>
  );
}

/** Results of one survey: per group the chosen question as a bar, "<5" where hidden; trend; CSV. */
export function SurveyResults({ surveys }: { surveys: SurveySummary[] }) {
  const styles = useStyles();
  const { locale } = useI18n();
  const t = usePageTexts(SURVEY_TEXTS);
  const { api, download } = useSignedIn();
  // The latest closed round first: that is the one with results to read.
  const [id, setId] = useState<string | null>(
    (surveys.find((s) => s.state === 'closed') ?? surveys[0])?.id ?? null,
  );
  const [q, setQ] = useState(0);
  const [reply, setReply] = useState<ResultsReply | null>(null);
  const [error, setError] = useState<unknown>(null);
  const n = (v: number, d = 0) => formatNumber(locale, v, d);

  useEffect(() => {
    if (!id) return;
    setReply(null);
    setError(null);
    api.get<ResultsReply>(`/api/tab/surveys/${id}/results`).then((r) => {
      setReply(r);
      setQ(0);
    }, setError);
  }, [api, id]);

  if (surveys.length === 0) return <Card>{t.none}</Card>;
  const survey = reply?.survey;
  const question = survey?.questions[q];
  const labels =
    question?.kind === 'scale'
      ? ['1', '2', '3', '4', '5']
      : question?.kind === 'choice'
        ? (question.options ?? [])
        : [];
  const prevOf = (g: GroupResult) =>
    reply?.trend.find((p) => p.groupId === g.id && p.question === q)?.previous ?? null;

  return (
    <Card className={styles.card} aria-label={t.results}>
      <Subtitle2 as="h2" className={styles.h2}>
        {t.results}
      </Subtitle2>
      <div className={styles.row}>
        <Field label={t.pick}>
          <Dropdown
            value={surveys.find((s) => s.id === id)?.title ?? ''}
            selectedOptions={id ? [id] : []}
            onOptionSelect={(_, d) => setId(d.optionValue ?? null)}
          >
            {surveys.map((s) => (
              <Option key={s.id} value={s.id} text={s.title}>
                {`${s.title}（${t.state[s.state]}）`}
              </Option>
            ))}
          </Dropdown>
        </Field>
        {survey && reply?.final && (
          <Field label={t.question}>
            <Dropdown
              value={`${q + 1}. ${survey.questions[q]?.text ?? ''}`}
              selectedOptions={[String(q)]}
              onOptionSelect={(_, d) => setQ(Number(d.optionValue ?? 0))}
            >
              {survey.questions.map((x, k) => (
                <Option key={x.text} value={String(k)} text={`${k + 1}. ${x.text}`}>
                  {`${k + 1}. ${x.text}`}
                </Option>
              ))}
            </Dropdown>
          </Field>
        )}
        {id && reply?.final && (
          <Button onClick={() => void download(`/api/tab/surveys/${id}/results.csv`).catch(setError)}>
            {t.csv}
          </Button>
        )}
      </div>
      {error !== null && <ProblemMessage error={error} />}
      {reply && !reply.final && <Notice intent="info">{t.notFinal}</Notice>}
      {reply?.previous && reply.final && <div>{t.trendTitle(reply.previous.title)}</div>}
      {reply && labels.length > 0 && reply.final && (
        <div className={styles.legend} aria-hidden="true">
          {labels.map((l, k) => (
            <span key={l}>
              <span className={styles.swatch} style={{ background: COLORS[k % COLORS.length] }} />
              {l}
            </span>
          ))}
        </div>
      )}
      {reply && (
        <ul className={styles.list}>
          {reply.groups.map((g) => {
            const res = g.questions?.[q];
            const prev = prevOf(g);
            return (
              <li key={g.id} className={`${styles.group} ${g.level === 'section' ? styles.section : ''}`}>
                <span className={styles.name}>{g.level === 'scope' ? t.scope : g.name}</span>
                {g.hidden ? (
                  <span>
                    <Badge appearance="tint" color="subtle" title={t.hiddenWhy[g.hidden]}>
                      {t.hidden(reply.floor)}
                    </Badge>
                  </span>
                ) : res && res.kind !== 'text' ? (
                  <Bar counts={res.counts} labels={labels} />
                ) : res?.kind === 'text' ? (
                  res.texts.length === 0 ? (
                    <span className={styles.meta}>{t.noTexts}</span>
                  ) : (
                    <ul className={styles.texts}>
                      {res.texts.map((x) => (
                        <li key={x}>{x}</li>
                      ))}
                    </ul>
                  )
                ) : (
                  <span />
                )}
                {!g.hidden && (
                  <span className={styles.meta}>
                    {t.respondents(n(g.respondents ?? 0), n(g.invited))}
                    {res?.kind === 'scale' && res.mean !== null && ` · ${t.mean} ${n(res.mean, 2)}`}
                    {prev !== null && ` · ${t.previous(n(prev, 2))}`}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
