import { Body1, Button, Field, makeStyles, Subtitle2, Textarea, tokens } from '@fluentui/react-components';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useConfirm } from '../../components/confirm-dialog.tsx';
import { TextField } from '../../components/form-fields.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { useAction } from '../../components/use-action.ts';
import { usePageTexts } from '../../i18n/locale.tsx';
import { useSignedIn } from '../../signed-in.ts';
import { SETTINGS_TEXTS } from './settings.texts.ts';

const useStyles = makeStyles({
  section: { marginBlockEnd: tokens.spacingVerticalXXL, maxWidth: '40rem' },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-end' },
  h2: { margin: `0 0 ${tokens.spacingVerticalS}` },
  hint: { display: 'block', marginBlockEnd: tokens.spacingVerticalM },
});

/**
 * One admin act on the person: its heading, what it does, and a form of a field, the reason (always
 * asked: the audit log keeps it) and the button.
 */
function ReasonForm({
  id,
  title,
  hint,
  field,
  reason,
  onReason,
  onSubmit,
  children,
}: {
  id: string;
  title: string;
  hint: string;
  field: ReactNode;
  reason: { label: string; value: string };
  onReason(value: string): void;
  onSubmit(e: FormEvent): void;
  /** The submit button. */
  children: ReactNode;
}) {
  const styles = useStyles();
  return (
    <section className={styles.section} aria-labelledby={id}>
      <Subtitle2 as="h2" id={id} className={styles.h2}>
        {title}
      </Subtitle2>
      <Body1 className={styles.hint}>{hint}</Body1>
      <form className={styles.row} onSubmit={onSubmit} aria-labelledby={id}>
        {field}
        <Field label={reason.label} required>
          <Textarea value={reason.value} onChange={(_e, d) => onReason(d.value)} />
        </Field>
        {children}
      </form>
    </section>
  );
}

type Outcome = { kind: 'erased'; pseudonym: string } | { kind: 'bound'; changed: boolean } | null;

/**
 * 本人の権利 (admin): export what is held on one person, erase (anonymise) a person, bind or unbind
 * the Entra account that signs in as a record. The server checks the role and audits every use; the
 * export opens through a signed link (Teams does not save blob links).
 */
export function SubjectsPanel() {
  const styles = useStyles();
  const t = usePageTexts(SETTINGS_TEXTS).subjects;
  const { api, download } = useSignedIn();
  const confirm = useConfirm();
  const [employeeNo, setEmployeeNo] = useState('');
  const [erase, setErase] = useState({ confirmEmployeeNo: '', reason: '' });
  const [binding, setBinding] = useState({ entraOid: '', reason: '' });
  const { run, result: outcome, error } = useAction<Outcome>();
  const no = employeeNo.trim();
  const path = (rest: string) => `/api/tab/admin/${rest.replace(':no', encodeURIComponent(no))}`;

  const exportAs = (format: 'json' | 'text') =>
    void run(async () => {
      await download(path(`subjects/:no/export?format=${format}`));
      return null;
    });
  const submitErase = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const yes = await confirm.ask({
        title: t.confirmTitle(no),
        body: t.confirmBody,
        confirmLabel: t.erase,
      });
      if (!yes) return null;
      const r = await api.send<{ pseudonym: string }>('POST', path('subjects/:no/erase'), erase);
      setErase({ confirmEmployeeNo: '', reason: '' });
      return { kind: 'erased', pseudonym: r.pseudonym };
    });
  };
  const submitBinding = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const r = await api.send<{ changed: boolean }>('PUT', path('employees/:no/entra-binding'), {
        entraOid: binding.entraOid.trim() || null,
        reason: binding.reason,
      });
      return { kind: 'bound', changed: r.changed };
    });
  };

  return (
    <>
      <Body1 className={styles.hint}>{t.intro}</Body1>
      <div className={styles.section}>
        <TextField label={t.employeeNo} required value={employeeNo} onChange={setEmployeeNo} />
      </div>
      {error !== null && <ProblemMessage error={error} />}
      {outcome && (
        <Body1 role="status" className={styles.hint}>
          {outcome.kind === 'erased' ? t.erased(outcome.pseudonym) : outcome.changed ? t.bound : t.unchanged}
        </Body1>
      )}

      <section className={styles.section} aria-labelledby="subjects-export">
        <Subtitle2 as="h2" id="subjects-export" className={styles.h2}>
          {t.exportTitle}
        </Subtitle2>
        <div className={styles.row}>
          <Button disabled={!no} onClick={() => exportAs('json')}>
            {t.exportJson}
          </Button>
          <Button disabled={!no} onClick={() => exportAs('text')}>
            {t.exportText}
          </Button>
        </div>
      </section>

      <ReasonForm
        id="subjects-erase"
        title={t.eraseTitle}
        hint={t.eraseHint}
        field={
          <TextField
            label={t.confirmNo}
            required
            value={erase.confirmEmployeeNo}
            onChange={(confirmEmployeeNo) => setErase({ ...erase, confirmEmployeeNo })}
          />
        }
        reason={{ label: t.reason, value: erase.reason }}
        onReason={(reason) => setErase({ ...erase, reason })}
        onSubmit={submitErase}
      >
        <Button type="submit" appearance="primary" disabled={!no}>
          {t.erase}
        </Button>
      </ReasonForm>

      <ReasonForm
        id="subjects-binding"
        title={t.bindingTitle}
        hint={t.bindingHint}
        field={
          <TextField
            label={t.entraOid}
            value={binding.entraOid}
            onChange={(entraOid) => setBinding({ ...binding, entraOid })}
          />
        }
        reason={{ label: t.reason, value: binding.reason }}
        onReason={(reason) => setBinding({ ...binding, reason })}
        onSubmit={submitBinding}
      >
        <Button type="submit" disabled={!no}>
          {t.bind}
        </Button>
      </ReasonForm>
      {confirm.dialog}
    </>
  );
}
