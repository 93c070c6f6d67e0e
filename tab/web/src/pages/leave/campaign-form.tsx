import { Button, Checkbox, Field, makeStyles, Select, Textarea, tokens } from '@fluentui/react-components';
import { type FormEvent, useEffect, useState } from 'react';
import type { LeaveCampaign, TargetOptions } from '../../../../../contracts/tab-api/leave.contract.ts';
import { SelectField, TextField } from '../../components/form-fields.tsx';
import { Notice } from '../../components/notice.tsx';
import { PageSection } from '../../components/page-layout.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { useApiData } from '../../components/use-api-data.ts';
import { usePageTexts } from '../../i18n/locale.tsx';
import { useSignedIn } from '../../signed-in.ts';
import { leavePlansTexts } from './leave-plans.texts.ts';

const useStyles = makeStyles({
  form: { display: 'grid', gap: tokens.spacingVerticalM, maxWidth: '40rem' },
  row: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(12rem, 1fr))',
    gap: tokens.spacingHorizontalM,
  },
});

type Kind = 'gw' | 'summer' | 'year_end' | 'custom';

/** HR / WLB officer: open a campaign. The server checks everything and answers field by field. */
export function CampaignForm({ onCreated }: { onCreated(): void }) {
  const styles = useStyles();
  const t = usePageTexts(leavePlansTexts);
  const { api } = useSignedIn();
  const options = useApiData<TargetOptions>('/api/tab/leave/target-options');
  const [kind, setKind] = useState<Kind>('year_end');
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [preset, setPreset] = useState<{ start: string; end: string } | null>(null);
  const [ministry, setMinistry] = useState(false);
  const [bureauId, setBureauId] = useState('');
  const [sectionId, setSectionId] = useState('');
  const [opening, setOpening] = useState('');
  const [deadline, setDeadline] = useState('');
  const [messageJa, setMessageJa] = useState('');
  const [messageEn, setMessageEn] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (kind === 'custom' || !/^\d{4}$/.test(year)) return setPreset(null);
    const controller = new AbortController();
    api
      .get<{ period: { start: string; end: string } }>(`/api/tab/leave/presets?kind=${kind}&year=${year}`, {
        signal: controller.signal,
      })
      .then(
        (r) => setPreset(r.period),
        () => setPreset(null),
      );
    return () => controller.abort();
  }, [api, kind, year]);

  const bureaus = options.data?.bureaus ?? [];
  const bureau = bureaus.find((b) => b.id === bureauId);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setCreated(null);
    const targets =
      ministry && options.data?.ministryId
        ? { ministryId: options.data.ministryId }
        : sectionId
          ? { sectionIds: [sectionId] }
          : bureauId
            ? { bureauIds: [bureauId] }
            : {};
    try {
      const { campaign } = await api.send<{ campaign: LeaveCampaign }>('POST', '/api/tab/leave/campaigns', {
        kind,
        ...(kind === 'custom' ? { period: { start, end } } : { year: Number(year) }),
        targets,
        openingDate: opening,
        deadline,
        message: { ja: messageJa, ...(messageEn.trim() ? { en: messageEn } : {}) },
      });
      setCreated(campaign.title);
      onCreated();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageSection title={t.createTitle}>
      <form className={styles.form} onSubmit={(e) => void submit(e)}>
        <div>{t.createIntro}</div>
        <div className={styles.row}>
          <SelectField
            label={t.kindLabel}
            value={kind}
            options={(['gw', 'summer', 'year_end', 'custom'] as const).map((k) => ({
              value: k,
              label: t.kind[k] ?? '',
            }))}
            onChange={(v) => setKind(v as Kind)}
          />
          {kind === 'custom' ? (
            <>
              <TextField label={t.periodStart} required type="date" value={start} onChange={setStart} />
              <TextField label={t.periodEnd} required type="date" value={end} onChange={setEnd} />
            </>
          ) : (
            <TextField
              label={t.year}
              hint={preset ? t.presetPeriod(preset.start, preset.end) : undefined}
              type="number"
              value={year}
              onChange={setYear}
            />
          )}
        </div>
        <Field label={t.target}>
          {options.data?.ministryId && (
            <Checkbox
              label={t.wholeMinistry}
              checked={ministry}
              onChange={(_, d) => setMinistry(d.checked === true)}
            />
          )}
          {!ministry && (
            <div className={styles.row}>
              <Select
                aria-label={t.bureau}
                value={bureauId}
                onChange={(_, d) => {
                  setBureauId(d.value);
                  setSectionId('');
                }}
              >
                <option value="">{t.bureau}</option>
                {bureaus.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.name}
                  </option>
                ))}
              </Select>
              <Select
                aria-label={t.section}
                value={sectionId}
                onChange={(_, d) => setSectionId(d.value)}
                disabled={!bureau}
              >
                <option value="">{t.section}</option>
                {bureau?.sections.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </Select>
            </div>
          )}
        </Field>
        <div className={styles.row}>
          <TextField label={t.opening} required type="date" value={opening} onChange={setOpening} />
          <TextField label={t.deadline} required type="date" value={deadline} onChange={setDeadline} />
        </div>
        <Field label={t.messageJa} required>
          <Textarea value={messageJa} onChange={(_, d) => setMessageJa(d.value)} maxLength={2000} />
        </Field>
        <Field label={t.messageEn}>
          <Textarea value={messageEn} onChange={(_, d) => setMessageEn(d.value)} maxLength={2000} />
        </Field>
        {error !== null && <ProblemMessage error={error} />}
        {created && <Notice intent="success">{t.created(created)}</Notice>}
        <div>
          <Button appearance="primary" type="submit" disabled={busy}>
            {t.create}
          </Button>
        </div>
      </form>
    </PageSection>
  );
}
