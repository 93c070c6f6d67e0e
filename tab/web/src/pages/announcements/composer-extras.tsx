import {
  Button,
  Caption1,
  Checkbox,
  Dropdown,
  Field,
  makeStyles,
  Option,
  Radio,
  RadioGroup,
  Switch,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type {
  AnnouncementTemplate,
  EntraGroup,
} from '../../../../../contracts/tab-api/announcement-followups.contract.ts';
import { NumberField, TextField } from '../../components/form-fields.tsx';
import { formatNumber, useI18n, usePageTexts } from '../../i18n/locale.tsx';
import { useSignedIn } from '../../signed-in.ts';
import { COMPOSER_EXTRAS_TEXTS } from './composer-extras.texts.ts';

/** The composer's issue-20 parts: files, reminders, Entra groups, repetition, templates. */

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', flexWrap: 'wrap' },
  narrow: { maxWidth: '8rem' },
  muted: { color: tokens.colorNeutralForeground2 },
});

type Link = { title: string; url: string };

export function FilesField({ files, onChange }: { files: Link[]; onChange: (f: Link[]) => void }) {
  const styles = useStyles();
  const t = usePageTexts(COMPOSER_EXTRAS_TEXTS).files;
  return (
    <fieldset className={styles.form}>
      <legend>{t.title}</legend>
      <Caption1 className={styles.muted}>{t.hint}</Caption1>
      {files.map((f, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: file rows have no identity but their place
        <div className={styles.row} key={i}>
          <TextField
            label={t.fileTitle}
            value={f.title}
            onChange={(v) => onChange(files.map((x, j) => (j === i ? { ...x, title: v } : x)))}
          />
          <TextField
            label={t.fileUrl}
            type="url"
            value={f.url}
            onChange={(v) => onChange(files.map((x, j) => (j === i ? { ...x, url: v } : x)))}
          />
          <Button onClick={() => onChange(files.filter((_, j) => j !== i))}>{t.remove}</Button>
        </div>
      ))}
      {files.length < 5 && (
        <div>
          <Button onClick={() => onChange([...files, { title: '', url: 'https://' }])}>{t.add}</Button>
        </div>
      )}
    </fieldset>
  );
}

export type Reminders = { afterHours: number; max: number } | null;

export function RemindersField({ value, onChange }: { value: Reminders; onChange: (r: Reminders) => void }) {
  const styles = useStyles();
  const t = usePageTexts(COMPOSER_EXTRAS_TEXTS).reminders;
  return (
    <div className={styles.form}>
      <Switch
        checked={value !== null}
        onChange={(_, d) => onChange(d.checked ? { afterHours: 48, max: 2 } : null)}
        label={t.on}
      />
      {value && (
        <div className={styles.row}>
          {(
            [
              ['afterHours', t.afterHours, 336],
              ['max', t.max, 5],
            ] as const
          ).map(([key, label, max]) => (
            <NumberField
              key={key}
              label={label}
              className={styles.narrow}
              min={1}
              max={max}
              value={value[key]}
              onChange={(v) => onChange({ ...value, [key]: v })}
            />
          ))}
        </div>
      )}
      {value && <Caption1 className={styles.muted}>{t.hint}</Caption1>}
    </div>
  );
}

type Group = EntraGroup;

export function EntraGroupsField({
  ids,
  onChange,
  onError,
}: {
  ids: string[];
  onChange: (ids: string[]) => void;
  onError: (e: unknown) => void;
}) {
  const styles = useStyles();
  const { locale } = useI18n();
  const t = usePageTexts(COMPOSER_EXTRAS_TEXTS).groups;
  const { api } = useSignedIn();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Group[] | null>(null);
  const [chosen, setChosen] = useState<Group[]>([]);
  const n = (v: number) => formatNumber(locale, v, 0);
  const key = ids.join(',');
  useEffect(() => {
    if (!key) return setChosen([]);
    api
      .send<Group[]>('POST', '/api/tab/announcements-audience/entra-groups/describe', { ids: key.split(',') })
      .then(setChosen, onError);
  }, [api, key, onError]);
  return (
    <fieldset className={styles.form}>
      <legend>{t.title}</legend>
      {chosen.map((g) => (
        <div className={styles.row} key={g.groupId}>
          <Caption1>
            {g.displayName}（{t.kinds[g.kind] ?? g.kind}）{' '}
            {g.members !== undefined && t.members(n(g.members), n(g.inRegister ?? 0))}
          </Caption1>
          <Button size="small" onClick={() => onChange(ids.filter((x) => x !== g.groupId))}>
            {t.remove}
          </Button>
        </div>
      ))}
      <div className={styles.row}>
        <TextField label={t.search} value={q} onChange={setQ} />
        <Button
          disabled={!q.trim()}
          onClick={() =>
            api
              .get<{ groups: Group[] }>(
                `/api/tab/announcements-audience/entra-groups?q=${encodeURIComponent(q.trim())}`,
              )
              .then((r) => setFound(r.groups), onError)
          }
        >
          {t.find}
        </Button>
      </div>
      {found?.length === 0 && <Caption1>{t.none}</Caption1>}
      {found
        ?.filter((g) => !ids.includes(g.groupId))
        .map((g) => (
          <div className={styles.row} key={g.groupId}>
            <Caption1>
              {g.displayName}（{t.kinds[g.kind] ?? g.kind}）
            </Caption1>
            <Button
              size="small"
              onClick={() =>
                api
                  .send<Group>('POST', '/api/tab/announcements-audience/entra-groups', { groupId: g.groupId })
                  .then(() => onChange([...ids, g.groupId]), onError)
              }
            >
              {t.add}
            </Button>
          </div>
        ))}
    </fieldset>
  );
}

export interface Repeat {
  frequency: 'weekly' | 'monthly';
  weekdays: number[];
  dayOfMonth: number;
  time: string;
  onHoliday: 'skip' | 'next_working_day' | 'previous_working_day';
  startsOn: string;
  endsOn: string;
}

const today = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);

/** The series' rule as the API takes it. */
export const recurrenceOf = (r: Repeat) => ({
  frequency: r.frequency,
  weekdays: r.frequency === 'weekly' ? r.weekdays : [],
  dayOfMonth: r.frequency === 'monthly' ? r.dayOfMonth : undefined,
  time: r.time,
  onHoliday: r.onHoliday,
  startsOn: r.startsOn,
  endsOn: r.endsOn || null,
});

export function RepeatField({
  value,
  onChange,
}: {
  value: Repeat | null;
  onChange: (r: Repeat | null) => void;
}) {
  const styles = useStyles();
  const t = usePageTexts(COMPOSER_EXTRAS_TEXTS).repeat;
  const set = (patch: Partial<Repeat>) => value && onChange({ ...value, ...patch });
  return (
    <div className={styles.form}>
      <Switch
        checked={value !== null}
        label={t.on}
        onChange={(_, d) =>
          onChange(
            d.checked
              ? {
                  frequency: 'weekly',
                  weekdays: [3],
                  dayOfMonth: 1,
                  time: '09:00',
                  onHoliday: 'next_working_day',
                  startsOn: today(),
                  endsOn: '',
                }
              : null,
          )
        }
      />
      {value && (
        <>
          <Field label={t.frequency}>
            <RadioGroup
              layout="horizontal"
              value={value.frequency}
              onChange={(_, d) => set({ frequency: d.value as Repeat['frequency'] })}
            >
              <Radio value="weekly" label={t.weekly} />
              <Radio value="monthly" label={t.monthly} />
            </RadioGroup>
          </Field>
          {value.frequency === 'weekly' ? (
            <fieldset className={styles.row}>
              <legend>{t.weekdays}</legend>
              {t.weekdayNames.map((name, day) => (
                <Checkbox
                  key={name}
                  label={name}
                  checked={value.weekdays.includes(day)}
                  onChange={(_, d) =>
                    set({
                      weekdays: d.checked
                        ? [...value.weekdays, day].sort()
                        : value.weekdays.filter((x) => x !== day),
                    })
                  }
                />
              ))}
            </fieldset>
          ) : (
            <NumberField
              label={t.dayOfMonth}
              className={styles.narrow}
              min={1}
              max={31}
              value={value.dayOfMonth}
              onChange={(v) => set({ dayOfMonth: v })}
            />
          )}
          <div className={styles.row}>
            <TextField label={t.time} type="time" value={value.time} onChange={(v) => set({ time: v })} />
            <TextField
              label={t.startsOn}
              type="date"
              value={value.startsOn}
              onChange={(v) => set({ startsOn: v })}
            />
            <TextField
              label={t.endsOn}
              type="date"
              value={value.endsOn}
              onChange={(v) => set({ endsOn: v })}
            />
          </div>
          <Field label={t.onHoliday}>
            <RadioGroup
              value={value.onHoliday}
              onChange={(_, d) => set({ onHoliday: d.value as Repeat['onHoliday'] })}
            >
              <Radio value="next_working_day" label={t.next} />
              <Radio value="previous_working_day" label={t.previous} />
              <Radio value="skip" label={t.skip} />
            </RadioGroup>
          </Field>
          <Caption1 className={styles.muted}>{t.approvalNote}</Caption1>
        </>
      )}
    </div>
  );
}

type Template = AnnouncementTemplate;

export function TemplatesBar({
  onUse,
  onSave,
}: {
  onUse: (content: Template['content']) => void;
  /** Saves the composer's content under the name; resolves with the message to show. */
  onSave: (name: string) => Promise<void>;
}) {
  const styles = useStyles();
  const t = usePageTexts(COMPOSER_EXTRAS_TEXTS).templates;
  const { api } = useSignedIn();
  const [templates, setTemplates] = useState<Template[]>([]);
  const [picked, setPicked] = useState<string>('');
  const [name, setName] = useState('');
  const [version, setVersion] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version reloads after a save
  useEffect(() => {
    api.get<{ templates: Template[] }>('/api/tab/announcement-templates').then(
      (r) => setTemplates(r.templates),
      () => setTemplates([]),
    );
  }, [api, version]);
  return (
    <fieldset className={styles.form}>
      <legend>{t.title}</legend>
      <div className={styles.row}>
        <Field label={t.pick}>
          <Dropdown
            placeholder={t.none}
            value={templates.find((x) => x.id === picked)?.name ?? ''}
            selectedOptions={picked ? [picked] : []}
            onOptionSelect={(_, d) => setPicked(d.optionValue ?? '')}
          >
            {templates.map((x) => (
              <Option key={x.id} value={x.id}>
                {x.name}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Button
          disabled={!picked}
          onClick={() => {
            const x = templates.find((y) => y.id === picked);
            if (x) onUse(x.content);
          }}
        >
          {t.use}
        </Button>
      </div>
      <div className={styles.row}>
        <TextField label={t.name} value={name} onChange={setName} maxLength={80} />
        <Button
          disabled={!name.trim()}
          onClick={() => onSave(name.trim()).then(() => setVersion((v) => v + 1))}
        >
          {t.save}
        </Button>
      </div>
    </fieldset>
  );
}
