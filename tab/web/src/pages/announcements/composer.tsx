import {
  Button,
  Caption1,
  Card,
  Checkbox,
  Field,
  Input,
  makeStyles,
  Radio,
  RadioGroup,
  Subtitle2,
  Switch,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import { useConfirm } from '../../components/confirm-dialog.tsx';
import { TextField } from '../../components/form-fields.tsx';
import { Notice } from '../../components/notice.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { useAction } from '../../components/use-action.ts';
import { formatNumber, useI18n, usePageTexts } from '../../i18n/locale.tsx';
import { useSignedIn } from '../../signed-in.ts';
import {
  type AnnouncementContent,
  type AnnouncementDetail,
  type AudienceCount,
  type AudienceOptions,
  type AudienceSpec,
  EMPTY_AUDIENCE,
} from './announcement.types.ts';
import { ANNOUNCEMENT_TEXTS } from './announcements.texts.ts';
import { CardPreview, expandAnnouncementCard } from './card-preview.tsx';
import { COMPOSER_EXTRAS_TEXTS } from './composer-extras.texts.ts';
import {
  EntraGroupsField,
  FilesField,
  type Reminders,
  RemindersField,
  type Repeat,
  RepeatField,
  recurrenceOf,
  TemplatesBar,
} from './composer-extras.tsx';

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 26rem), 1fr))',
    gap: tokens.spacingHorizontalXL,
    marginBlockEnd: tokens.spacingVerticalXL,
  },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', flexWrap: 'wrap' },
  checks: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalM },
  preview: { position: 'sticky', top: tokens.spacingVerticalM, alignSelf: 'start' },
  h2: { margin: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
});

const EMPTY_CONTENT: AnnouncementContent = {
  title: '',
  body: '',
  imageUrl: null,
  links: [],
  ackEnabled: true,
  language: 'ja',
};
const ZERO_ID = '00000000-0000-0000-0000-000000000000';

/** Compose (or update) an announcement, with its audience, count, live preview and the send actions. */
export function Composer({ editing, onDone }: { editing: AnnouncementDetail | null; onDone: () => void }) {
  const styles = useStyles();
  const { locale } = useI18n();
  const t = usePageTexts(ANNOUNCEMENT_TEXTS);
  const { ask, dialog } = useConfirm();
  const { api } = useSignedIn();
  const sent = editing !== null && editing.state !== 'draft';
  const [content, setContent] = useState<AnnouncementContent>(editing ?? EMPTY_CONTENT);
  const [audience, setAudience] = useState<AudienceSpec>(
    editing?.audience ?? { ...EMPTY_AUDIENCE, everyone: true },
  );
  const [draftId, setDraftId] = useState<string | null>(editing?.state === 'draft' ? editing.id : null);
  const [options, setOptions] = useState<AudienceOptions | null>(null);
  const [count, setCount] = useState<number | null>(null);
  const [listText, setListText] = useState('');
  const [scheduleAt, setScheduleAt] = useState('');
  // Each action returns the message to show (or null), e.g. 保存しました.
  const { run, busy, result: notice, error, setError } = useAction<string | null>();
  const n = (v: number) => formatNumber(locale, v, 0);
  const x = usePageTexts(COMPOSER_EXTRAS_TEXTS);
  const [reminders, setReminders] = useState<Reminders>(editing?.reminders ?? null);
  const [repeat, setRepeat] = useState<Repeat | null>(null);

  useEffect(() => {
    api.get<AudienceOptions>('/api/tab/announcements-audience/options').then(setOptions, setError);
  }, [api, setError]);
  useEffect(() => {
    setCount(null);
    const timer = setTimeout(() => {
      api
        .send<AudienceCount>('POST', '/api/tab/announcements-audience/count', audience)
        .then((r) => setCount(r.count), setError);
    }, 300);
    return () => clearTimeout(timer);
  }, [api, audience, setError]);

  const card = useMemo(
    () => expandAnnouncementCard(content, { announcementId: editing?.id ?? ZERO_ID, revision: sent ? 2 : 1 }),
    [content, editing, sent],
  );
  const kb = (new TextEncoder().encode(JSON.stringify(card)).length / 1024).toFixed(1);
  const set = (patch: Partial<AnnouncementContent>) => setContent((c) => ({ ...c, ...patch }));
  const toggle = <K extends 'bureauIds' | 'roles'>(key: K, value: AudienceSpec[K][number], on: boolean) =>
    setAudience((a) => ({
      ...a,
      [key]: on ? [...(a[key] as string[]), value] : (a[key] as string[]).filter((v) => v !== value),
    }));

  const body = () => ({
    ...content,
    imageUrl: content.imageUrl || null,
    files: content.files ?? [],
    reminders,
    audience,
  });
  const save = async () => {
    const saved = draftId
      ? await api.send<AnnouncementDetail>('PUT', `/api/tab/announcements/${draftId}`, body())
      : await api.send<AnnouncementDetail>('POST', '/api/tab/announcements', body());
    setDraftId(saved.id);
    return saved.id;
  };

  return (
    <section className={styles.grid} aria-label={sent ? t.updating : t.compose}>
      <Card className={styles.form}>
        <Subtitle2 as="h2" className={styles.h2}>
          {sent ? t.updating : t.compose}
        </Subtitle2>
        {!sent && (
          <TemplatesBar
            onUse={(c) => {
              setContent({ ...EMPTY_CONTENT, ...c });
              if (c.audience) setAudience({ ...EMPTY_AUDIENCE, ...(c.audience as AudienceSpec) });
              setReminders(c.reminders ?? null);
            }}
            onSave={(name) =>
              run(async () => {
                await api.send('POST', '/api/tab/announcement-templates', {
                  templateName: name,
                  content: body(),
                });
                return x.templates.saved(name);
              })
            }
          />
        )}
        <TextField
          label={t.fields.title}
          required
          value={content.title}
          onChange={(v) => set({ title: v })}
          maxLength={200}
        />
        <Field label={t.fields.body} hint={t.fields.bodyHint} required>
          <Textarea
            value={content.body}
            onChange={(_, d) => set({ body: d.value })}
            rows={8}
            resize="vertical"
          />
        </Field>
        <TextField
          label={t.fields.imageUrl}
          type="url"
          value={content.imageUrl ?? ''}
          onChange={(v) => set({ imageUrl: v || null })}
        />
        <fieldset className={styles.form}>
          <legend>{t.fields.links}</legend>
          {content.links.map((link, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: link rows have no identity but their place
            <div className={styles.row} key={i}>
              <Field label={t.fields.linkTitle}>
                <Input
                  value={link.title}
                  onChange={(_, d) =>
                    set({ links: content.links.map((l, j) => (j === i ? { ...l, title: d.value } : l)) })
                  }
                />
              </Field>
              <Field label={t.fields.linkUrl}>
                <Input
                  type="url"
                  value={link.url}
                  onChange={(_, d) =>
                    set({ links: content.links.map((l, j) => (j === i ? { ...l, url: d.value } : l)) })
                  }
                />
              </Field>
              <Button onClick={() => set({ links: content.links.filter((_, j) => j !== i) })}>
                {t.fields.removeLink}
              </Button>
            </div>
          ))}
          {content.links.length < 5 && (
            <Button onClick={() => set({ links: [...content.links, { title: '', url: 'https://' }] })}>
              {t.fields.addLink}
            </Button>
          )}
        </fieldset>
        <FilesField files={content.files ?? []} onChange={(files) => set({ files })} />
        <Switch
          checked={content.ackEnabled}
          onChange={(_, d) => set({ ackEnabled: d.checked })}
          label={t.fields.ack}
        />
        <RemindersField value={reminders} onChange={setReminders} />
        <Field label={t.fields.language}>
          <RadioGroup
            layout="horizontal"
            value={content.language}
            onChange={(_, d) => set({ language: d.value as 'ja' | 'en' })}
          >
            <Radio value="ja" label="日本語" />
            <Radio value="en" label="English" />
          </RadioGroup>
        </Field>

        {!sent && (
          <fieldset className={styles.form}>
            <legend>{t.audience.title}</legend>
            <Checkbox
              checked={audience.everyone}
              onChange={(_, d) => setAudience((a) => ({ ...a, everyone: !!d.checked }))}
              label={t.audience.everyone}
            />
            {!audience.everyone && options && (
              <>
                <Caption1>{t.audience.bureaus}</Caption1>
                <div className={styles.checks}>
                  {options.bureaus.map((b) => (
                    <Checkbox
                      key={b.id}
                      label={b.name}
                      checked={audience.bureauIds.includes(b.id)}
                      onChange={(_, d) => toggle('bureauIds', b.id, !!d.checked)}
                    />
                  ))}
                </div>
                <Caption1>{t.audience.roles}</Caption1>
                <div className={styles.checks}>
                  {options.roles.map((r) => (
                    <Checkbox
                      key={r}
                      label={t.audience.roleNames[r] ?? r}
                      checked={audience.roles.includes(r)}
                      onChange={(_, d) => toggle('roles', r, !!d.checked)}
                    />
                  ))}
                </div>
                <EntraGroupsField
                  ids={audience.entraGroupIds ?? []}
                  onChange={(ids) => setAudience((a) => ({ ...a, entraGroupIds: ids }))}
                  onError={setError}
                />
                <Field label={t.audience.list}>
                  <Textarea value={listText} onChange={(_, d) => setListText(d.value)} rows={3} />
                </Field>
                <div>
                  <Button
                    disabled={busy || !listText.trim()}
                    onClick={() =>
                      run(async () => {
                        const r = await api.send<{ employeeIds: string[]; count: number }>(
                          'POST',
                          '/api/tab/announcements-audience/list',
                          { text: listText },
                        );
                        setAudience((a) => ({ ...a, employeeIds: r.employeeIds }));
                        return t.audience.listed(n(r.count));
                      })
                    }
                  >
                    {t.audience.resolve}
                  </Button>
                </div>
              </>
            )}
            <Caption1 aria-live="polite">
              {count === null ? t.audience.counting : t.audience.count(n(count))}
            </Caption1>
            {options && (
              <>
                <Caption1>{t.audience.channels}</Caption1>
                {options.teams.length === 0 ? (
                  <Caption1>{t.audience.noTeams}</Caption1>
                ) : (
                  <div className={styles.checks}>
                    <Checkbox
                      label={t.audience.allTeams}
                      checked={audience.allTeams ?? false}
                      onChange={(_, d) => setAudience((a) => ({ ...a, allTeams: !!d.checked }))}
                    />
                    {!audience.allTeams &&
                      options.teams.map((team) => (
                        <Checkbox
                          key={team.teamId}
                          label={team.name}
                          checked={(audience.teamIds ?? []).includes(team.teamId)}
                          onChange={(_, d) =>
                            setAudience((a) => {
                              const ids = (a.teamIds ?? []).filter((v) => v !== team.teamId);
                              return { ...a, teamIds: d.checked ? [...ids, team.teamId] : ids };
                            })
                          }
                        />
                      ))}
                  </div>
                )}
              </>
            )}
          </fieldset>
        )}

        {error !== null && <ProblemMessage error={error} />}
        {notice && <Notice intent="success">{notice}</Notice>}
        {sent ? (
          <div className={styles.row}>
            <Button
              appearance="primary"
              disabled={busy}
              onClick={() =>
                run(async () => {
                  await api.send('POST', `/api/tab/announcements/${editing.id}/update`, body());
                  onDone();
                  return null;
                })
              }
            >
              {t.applyUpdate}
            </Button>
            <Button onClick={onDone}>{t.cancelEdit}</Button>
          </div>
        ) : (
          <>
            <RepeatField value={repeat} onChange={setRepeat} />
            {!repeat && (
              <TextField
                label={t.scheduleAt}
                type="datetime-local"
                value={scheduleAt}
                onChange={setScheduleAt}
              />
            )}
            <div className={styles.row}>
              <Button
                disabled={busy}
                onClick={() =>
                  run(async () => {
                    await save();
                    return t.saved;
                  })
                }
              >
                {t.save}
              </Button>
              <Button
                disabled={busy}
                onClick={() =>
                  run(async () => {
                    await api.send('POST', `/api/tab/announcements/${await save()}/send-to-me`, {});
                    return t.sentToMe;
                  })
                }
              >
                {t.sendToMe}
              </Button>
              <Button
                appearance="primary"
                disabled={busy || !count}
                onClick={() =>
                  run(async () => {
                    const yes = await ask({
                      title: t.confirmSendTitle,
                      body: t.confirmSend(n(count ?? 0)),
                      confirmLabel: t.send,
                    });
                    if (!yes) return null;
                    if (repeat) {
                      await api.send('POST', '/api/tab/announcement-series', {
                        content: body(),
                        recurrence: recurrenceOf(repeat),
                      });
                      setContent(EMPTY_CONTENT);
                      setRepeat(null);
                      onDone();
                      return x.repeat.created;
                    }
                    const id = await save();
                    await api.send('POST', `/api/tab/announcements/${id}/submit`, {
                      scheduledAt: scheduleAt ? new Date(scheduleAt).toISOString() : null,
                    });
                    setContent(EMPTY_CONTENT);
                    setDraftId(null);
                    onDone();
                    return null;
                  })
                }
              >
                {t.send}
              </Button>
            </div>
          </>
        )}
      </Card>
      <Card className={styles.preview}>
        <Subtitle2 as="h2" className={styles.h2}>
          {t.preview}
        </Subtitle2>
        <CardPreview card={card} label={t.preview} />
        <Caption1 className={styles.muted}>{t.size(kb)}</Caption1>
      </Card>
      {dialog}
    </section>
  );
}
