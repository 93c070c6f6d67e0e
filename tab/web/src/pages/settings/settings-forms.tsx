import { Button, Caption1, Checkbox, Field, makeStyles, Textarea, tokens } from '@fluentui/react-components';
import { type FormEvent, type ReactNode, useState } from 'react';
import { TextField } from '../../components/form-fields.tsx';
import { Notice } from '../../components/notice.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { usePageTexts } from '../../i18n/locale.tsx';
import { useSignedIn } from '../../signed-in.ts';
import { SETTINGS_TEXTS } from './settings.texts.ts';

export interface SettingEntry<T> {
  value: T;
  changed: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '32rem' },
  row: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(12rem, 1fr))',
    gap: tokens.spacingHorizontalL,
    alignItems: 'start',
  },
  group: {
    border: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  legend: { padding: 0, fontWeight: tokens.fontWeightSemibold },
  meta: { color: tokens.colorNeutralForeground2 },
});

/**
 * Number fields over a form's state of strings (kept as typed; the form converts them on save):
 * `field(key, label, { step, hint })`.
 */
function numberFields<V extends Record<string, string>>(v: V, setV: (v: V) => void, min: number) {
  return (key: keyof V & string, label: string, more: { step?: number; hint?: string } = {}) => (
    <TextField
      label={label}
      hint={more.hint}
      type="number"
      min={min}
      step={more.step}
      value={v[key] ?? ''}
      onChange={(value) => setV({ ...v, [key]: value })}
    />
  );
}

/** One setting's form: sends the whole value, shows the server's field errors, says when saved. */
function SettingForm<T>({
  settingKey,
  entry,
  toValue,
  saveLabel,
  onSaved,
  children,
}: {
  settingKey: string;
  entry: SettingEntry<T>;
  toValue(): T;
  saveLabel: string;
  onSaved(): void;
  children: ReactNode;
}) {
  const styles = useStyles();
  const t = usePageTexts(SETTINGS_TEXTS);
  const { api } = useSignedIn();
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await api.send('PUT', `/api/tab/settings/${settingKey}`, { value: toValue() });
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className={styles.form} onSubmit={(e) => void submit(e)} aria-label={saveLabel}>
      {children}
      <Caption1 className={styles.meta}>
        {entry.changed && entry.updatedBy
          ? t.changedBy(entry.updatedBy, (entry.updatedAt ?? '').slice(0, 16))
          : t.defaults}
      </Caption1>
      {error !== null && <ProblemMessage error={error} />}
      {saved && <Notice intent="success">{t.saved}</Notice>}
      <div>
        <Button appearance="primary" type="submit">
          {saveLabel}
        </Button>
      </div>
    </form>
  );
}

export function PrivacyForm({
  entry,
  onSaved,
}: {
  entry: SettingEntry<{ minGroupSize: number }>;
  onSaved(): void;
}) {
  const t = usePageTexts(SETTINGS_TEXTS).privacy;
  const [floor, setFloor] = useState(String(entry.value.minGroupSize));
  return (
    <SettingForm
      settingKey="privacy"
      entry={entry}
      saveLabel={t.save}
      onSaved={onSaved}
      toValue={() => ({ minGroupSize: Number(floor) })}
    >
      <TextField
        label={t.floor}
        hint={t.floorHint}
        type="number"
        min={2}
        max={50}
        value={floor}
        onChange={setFloor}
      />
    </SettingForm>
  );
}

type Quiet = { start: string; end: string; alert100Exempt: boolean };

export function QuietHoursForm({ entry, onSaved }: { entry: SettingEntry<Quiet>; onSaved(): void }) {
  const styles = useStyles();
  const t = usePageTexts(SETTINGS_TEXTS).quiet;
  const [v, setV] = useState(entry.value);
  return (
    <SettingForm settingKey="quietHours" entry={entry} saveLabel={t.save} onSaved={onSaved} toValue={() => v}>
      <div className={styles.row}>
        <TextField label={t.start} type="time" value={v.start} onChange={(start) => setV({ ...v, start })} />
        <TextField label={t.end} type="time" value={v.end} onChange={(end) => setV({ ...v, end })} />
      </div>
      <Checkbox
        label={t.exempt}
        checked={v.alert100Exempt}
        onChange={(_e, d) => setV({ ...v, alert100Exempt: d.checked === true })}
      />
    </SettingForm>
  );
}

type Overtime = {
  monthLevels: { month45: number; month80: number };
  paceLevels: { pace80: number; pace100: number };
  doctorInterviewMinutes: number;
  workingDaysToAct: number;
} & Record<string, unknown>;

/** Hours on screen, minutes in the setting (the rules count whole minutes). */
export function OvertimeForm({ entry, onSaved }: { entry: SettingEntry<Overtime>; onSaved(): void }) {
  const styles = useStyles();
  const t = usePageTexts(SETTINGS_TEXTS).overtime;
  const h = (m: number) => String(m / 60);
  const o = entry.value;
  const [v, setV] = useState({
    month45: h(o.monthLevels.month45),
    month80: h(o.monthLevels.month80),
    doctor: h(o.doctorInterviewMinutes),
    pace80: h(o.paceLevels.pace80),
    pace100: h(o.paceLevels.pace100),
    workingDays: String(o.workingDaysToAct),
  });
  const m = (s: string) => Math.round(Number(s) * 60);
  const number = numberFields(v, setV, 0);
  const field = (key: keyof typeof v, label: string) =>
    number(key, label, { step: key === 'workingDays' ? 1 : 0.5 });
  return (
    <SettingForm
      settingKey="overtime"
      entry={entry}
      saveLabel={t.save}
      onSaved={onSaved}
      toValue={() => ({
        ...o,
        monthLevels: { month45: m(v.month45), month80: m(v.month80) },
        paceLevels: { pace80: m(v.pace80), pace100: m(v.pace100) },
        doctorInterviewMinutes: m(v.doctor),
        workingDaysToAct: Number(v.workingDays),
      })}
    >
      <div className={styles.row}>
        {field('month45', t.month45)}
        {field('month80', t.month80)}
        {field('doctor', t.doctor)}
      </div>
      <div className={styles.row}>
        {field('pace80', t.pace80)}
        {field('pace100', t.pace100)}
        {field('workingDays', t.workingDays)}
      </div>
    </SettingForm>
  );
}

type RateTarget = {
  target: number;
  byFiscalYear: number | null;
  baseline: number;
  baselineFiscalYear: number;
};
type Childcare = {
  targets: { specialLeaveDays: number; childcareLeaveDays: number; firstYearDays: number } & Record<
    string,
    unknown
  >;
  reminders: { deadlineLeadDays: number; infoSetDaysBeforeDue: number; infoSetMinGapDays: number };
  rates: { specialLeave5Days: RateTarget; childcareLeave2Weeks: RateTarget; firstYear1Month: RateTarget };
} & Record<string, unknown>;

const RATE_IDS = ['specialLeave5Days', 'childcareLeave2Weeks', 'firstYear1Month'] as const;

/** The plan's targets and the reminder lead times; rates in % on screen, 0–1 in the setting. */
export function ChildcareForm({ entry, onSaved }: { entry: SettingEntry<Childcare>; onSaved(): void }) {
  const styles = useStyles();
  const t = usePageTexts(SETTINGS_TEXTS).childcare;
  const o = entry.value;
  const pct = (r: number) => String(Math.round(r * 1000) / 10);
  const [v, setV] = useState({
    specialLeaveDays: String(o.targets.specialLeaveDays),
    childcareLeaveDays: String(o.targets.childcareLeaveDays),
    firstYearDays: String(o.targets.firstYearDays),
    deadlineLeadDays: String(o.reminders.deadlineLeadDays),
    infoSetDaysBeforeDue: String(o.reminders.infoSetDaysBeforeDue),
    infoSetMinGapDays: String(o.reminders.infoSetMinGapDays),
    specialLeave5Days: pct(o.rates.specialLeave5Days.target),
    childcareLeave2Weeks: pct(o.rates.childcareLeave2Weeks.target),
    firstYear1Month: pct(o.rates.firstYear1Month.target),
  });
  const number = numberFields(v, setV, 0);
  const field = (key: keyof typeof v, label: string, step = 1) => number(key, label, { step });
  const rates = () =>
    Object.fromEntries(
      RATE_IDS.map((id) => [id, { ...o.rates[id], target: Math.round(Number(v[id]) * 10) / 1000 }]),
    ) as Childcare['rates'];
  return (
    <SettingForm
      settingKey="childcare"
      entry={entry}
      saveLabel={t.save}
      onSaved={onSaved}
      toValue={() => ({
        ...o,
        targets: {
          ...o.targets,
          specialLeaveDays: Number(v.specialLeaveDays),
          childcareLeaveDays: Number(v.childcareLeaveDays),
          firstYearDays: Number(v.firstYearDays),
        },
        reminders: {
          deadlineLeadDays: Number(v.deadlineLeadDays),
          infoSetDaysBeforeDue: Number(v.infoSetDaysBeforeDue),
          infoSetMinGapDays: Number(v.infoSetMinGapDays),
        },
        rates: rates(),
      })}
    >
      <fieldset className={styles.group}>
        <legend className={styles.legend}>{t.perPerson}</legend>
        <div className={styles.row}>
          {field('specialLeaveDays', t.specialLeaveDays)}
          {field('childcareLeaveDays', t.childcareLeaveDays)}
          {field('firstYearDays', t.firstYearDays)}
        </div>
      </fieldset>
      <fieldset className={styles.group}>
        <legend className={styles.legend}>{t.rates}</legend>
        <div className={styles.row}>
          {field('specialLeave5Days', t.rateSpecial, 0.1)}
          {field('childcareLeave2Weeks', t.rateTwoWeeks, 0.1)}
          {field('firstYear1Month', t.rateOneMonth, 0.1)}
        </div>
      </fieldset>
      <fieldset className={styles.group}>
        <legend className={styles.legend}>{t.reminders}</legend>
        <div className={styles.row}>
          {field('deadlineLeadDays', t.deadlineLeadDays)}
          {field('infoSetDaysBeforeDue', t.infoSetDaysBeforeDue)}
          {field('infoSetMinGapDays', t.infoSetMinGapDays)}
        </div>
      </fieldset>
    </SettingForm>
  );
}

type Announcements = {
  requireSecondApprover: boolean;
  ratePerSecond: number;
  concurrency: number;
  maxAttempts: number;
  fileDomains?: string[];
  mailFallback?: { enabled: boolean; sharedMailbox: string };
} & Record<string, unknown>;

/** Announcement delivery (admin only: the second approver is a check on HR's own announcements). */
export function AnnouncementsForm({
  entry,
  onSaved,
}: {
  entry: SettingEntry<Announcements>;
  onSaved(): void;
}) {
  const styles = useStyles();
  const t = usePageTexts(SETTINGS_TEXTS).announcements;
  const o = entry.value;
  const [approver, setApprover] = useState(o.requireSecondApprover);
  const [v, setV] = useState({
    ratePerSecond: String(o.ratePerSecond),
    concurrency: String(o.concurrency),
    maxAttempts: String(o.maxAttempts),
  });
  const [domains, setDomains] = useState((o.fileDomains ?? []).join('\n'));
  const [mail, setMail] = useState(o.mailFallback ?? { enabled: false, sharedMailbox: '' });
  const number = numberFields(v, setV, 1);
  const field = (key: keyof typeof v, label: string, hint?: string) => number(key, label, { hint });
  return (
    <SettingForm
      settingKey="announcements"
      entry={entry}
      saveLabel={t.save}
      onSaved={onSaved}
      toValue={() => ({
        ...o,
        requireSecondApprover: approver,
        ratePerSecond: Number(v.ratePerSecond),
        concurrency: Number(v.concurrency),
        maxAttempts: Number(v.maxAttempts),
        fileDomains: domains
          .split(/[\s,]+/)
          .map((d) => d.trim())
          .filter(Boolean),
        mailFallback: { enabled: mail.enabled, sharedMailbox: mail.sharedMailbox.trim() },
      })}
    >
      <Checkbox
        label={t.secondApprover}
        checked={approver}
        onChange={(_e, d) => setApprover(d.checked === true)}
      />
      <div className={styles.row}>
        {field('ratePerSecond', t.ratePerSecond, t.rateHint)}
        {field('concurrency', t.concurrency)}
        {field('maxAttempts', t.maxAttempts)}
      </div>
      <Field label={t.fileDomains} hint={t.fileDomainsHint}>
        <Textarea value={domains} onChange={(_e, d) => setDomains(d.value)} resize="vertical" />
      </Field>
      <Checkbox
        label={t.mailFallback}
        checked={mail.enabled}
        onChange={(_e, d) => setMail({ ...mail, enabled: d.checked === true })}
      />
      <TextField
        label={t.sharedMailbox}
        hint={t.sharedMailboxHint}
        type="email"
        value={mail.sharedMailbox}
        onChange={(sharedMailbox) => setMail({ ...mail, sharedMailbox })}
      />
    </SettingForm>
  );
}
