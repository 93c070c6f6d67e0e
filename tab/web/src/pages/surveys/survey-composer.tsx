import {
  Button,
  Card,
  Checkbox,
  Field,
  makeStyles,
  Subtitle2,
  Switch,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { QuestionKind, SurveySummary } from '../../../../../contracts/tab-api/surveys.contract.ts';
import { useConfirm } from '../../components/confirm-dialog.tsx';
import { SelectField, TextField } from '../../components/form-fields.tsx';
import { Notice } from '../../components/notice.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { formatNumber, useI18n, usePageTexts } from '../../i18n/locale.tsx';
import { useSignedIn } from '../../signed-in.ts';
import { type QuestionDraft, SURVEY_TEXTS } from './surveys.texts.ts';

const useStyles = makeStyles({
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    marginBlockEnd: tokens.spacingVerticalXL,
  },
  question: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', flexWrap: 'wrap' },
  dates: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 14rem), 1fr))',
    gap: tokens.spacingHorizontalM,
  },
  checks: {
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: tokens.spacingHorizontalM,
    border: 'none',
    margin: 0,
    padding: 0,
  },
  h2: { margin: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
});

const MAX_QUESTIONS = 10;
const blank = (kind: QuestionKind = 'scale'): QuestionDraft => ({
  kind,
  text: '',
  options: '',
  required: kind !== 'text',
});
/** A datetime-local value (the viewer's time) as an ISO instant; '' stays ''. */
const instant = (local: string) => (local ? new Date(local).toISOString() : '');

/** Compose a pulse survey (≤ 10 questions), choose who is asked and when, and send it. */
export function SurveyComposer({ onSent }: { onSent: (s: SurveySummary) => void }) {
  const styles = useStyles();
  const { locale } = useI18n();
  const t = usePageTexts(SURVEY_TEXTS);
  const { api } = useSignedIn();
  const { ask, dialog } = useConfirm();
  const [title, setTitle] = useState('');
  const [intro, setIntro] = useState('');
  const [series, setSeries] = useState('');
  const [questions, setQuestions] = useState<QuestionDraft[]>([blank('scale')]);
  const [everyone, setEveryone] = useState(false);
  const [bureauIds, setBureauIds] = useState<string[]>([]);
  const [bureaus, setBureaus] = useState<{ id: string; name: string }[]>([]);
  const [count, setCount] = useState<number | null>(null);
  const [opensAt, setOpensAt] = useState('');
  const [closesAt, setClosesAt] = useState('');
  const [remindAt, setRemindAt] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const audience = { everyone, bureauIds };

  useEffect(() => {
    api
      .get<{ bureaus: { id: string; name: string }[] }>('/api/tab/surveys-audience/options')
      .then((r) => setBureaus(r.bureaus), setError);
  }, [api]);
  useEffect(() => {
    setCount(null);
    const timer = setTimeout(() => {
      api
        .send<{ count: number }>('POST', '/api/tab/surveys-audience/count', { everyone, bureauIds })
        .then((r) => setCount(r.count), setError);
    }, 300);
    return () => clearTimeout(timer);
  }, [api, everyone, bureauIds]);

  const setQ = (i: number, patch: Partial<QuestionDraft>) =>
    setQuestions((qs) => qs.map((q, k) => (k === i ? { ...q, ...patch } : q)));

  const send = async () => {
    setError(null);
    setNotice(null);
    const yes = await ask({
      title: t.confirmTitle,
      body: t.confirmBody(formatNumber(locale, count ?? 0, 0)),
      confirmLabel: t.confirmLabel,
    });
    if (!yes) return;
    setBusy(true);
    try {
      const created = await api.send<SurveySummary>('POST', '/api/tab/surveys', {
        title,
        intro,
        series,
        questions: questions.map((q) => ({
          kind: q.kind,
          text: q.text,
          required: q.required,
          ...(q.kind === 'choice'
            ? {
                options: q.options
                  .split('\n')
                  .map((o) => o.trim())
                  .filter(Boolean),
              }
            : {}),
        })),
        audience,
        opensAt: instant(opensAt),
        closesAt: instant(closesAt),
        remindAt: instant(remindAt),
      });
      const launched = await api.send<SurveySummary>('POST', `/api/tab/surveys/${created.id}/launch`, {});
      setNotice(t.sent);
      onSent(launched);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card className={styles.form} aria-label={t.compose}>
      <Subtitle2 as="h2" className={styles.h2}>
        {t.compose}
      </Subtitle2>
      <Notice intent="info">{t.anonymity}</Notice>
      <TextField label={t.fields.title} required value={title} onChange={setTitle} maxLength={120} />
      <Field label={t.fields.intro}>
        <Textarea value={intro} onChange={(_, d) => setIntro(d.value)} maxLength={1000} resize="vertical" />
      </Field>
      <TextField label={t.fields.series} value={series} onChange={setSeries} maxLength={80} />
      {questions.map((q, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: questions are positional (q1…q10 on the card)
        <fieldset key={i} className={styles.question} aria-label={t.fields.question(i + 1)}>
          <div className={styles.row}>
            <SelectField
              label={t.fields.kind}
              value={q.kind}
              options={(['scale', 'choice', 'text'] as const).map((k) => ({
                value: k,
                label: t.fields.kinds[k],
              }))}
              onChange={(v) => setQ(i, { kind: v as QuestionKind, required: v !== 'text' })}
            />
            <Switch
              label={t.fields.required}
              checked={q.required}
              onChange={(_, d) => setQ(i, { required: d.checked })}
            />
            {questions.length > 1 && (
              <Button appearance="subtle" onClick={() => setQuestions((qs) => qs.filter((_, k) => k !== i))}>
                {t.fields.removeQuestion}
              </Button>
            )}
          </div>
          <TextField
            label={t.fields.question(i + 1)}
            required
            value={q.text}
            onChange={(text) => setQ(i, { text })}
            maxLength={300}
          />
          {q.kind === 'choice' && (
            <Field label={t.fields.options} required>
              <Textarea value={q.options} onChange={(_, d) => setQ(i, { options: d.value })} rows={3} />
            </Field>
          )}
        </fieldset>
      ))}
      <div>
        <Button
          disabled={questions.length >= MAX_QUESTIONS}
          onClick={() => setQuestions((qs) => [...qs, blank()])}
        >
          {t.fields.addQuestion}
        </Button>
      </div>
      <Field label={t.fields.audience}>
        <Checkbox
          label={t.fields.everyone}
          checked={everyone}
          onChange={(_, d) => setEveryone(d.checked === true)}
        />
        <fieldset className={styles.checks} aria-label={t.fields.bureaus}>
          {bureaus.map((b) => (
            <Checkbox
              key={b.id}
              label={b.name}
              disabled={everyone}
              checked={bureauIds.includes(b.id)}
              onChange={(_, d) =>
                setBureauIds((ids) => (d.checked ? [...ids, b.id] : ids.filter((x) => x !== b.id)))
              }
            />
          ))}
        </fieldset>
        <span className={styles.muted} aria-live="polite">
          {count === null ? '…' : t.fields.count(formatNumber(locale, count, 0))}
        </span>
      </Field>
      <div className={styles.dates}>
        {(
          [
            [t.fields.opensAt, opensAt, setOpensAt, true],
            [t.fields.closesAt, closesAt, setClosesAt, true],
            [t.fields.remindAt, remindAt, setRemindAt, false],
          ] as const
        ).map(([label, value, set, required]) => (
          <TextField
            key={label}
            label={label}
            required={required}
            type="datetime-local"
            value={value}
            onChange={set}
          />
        ))}
      </div>
      {error !== null && <ProblemMessage error={error} />}
      {notice && <Notice intent="success">{notice}</Notice>}
      <div>
        <Button appearance="primary" disabled={busy} onClick={() => void send()}>
          {t.send}
        </Button>
      </div>
      {dialog}
    </Card>
  );
}
