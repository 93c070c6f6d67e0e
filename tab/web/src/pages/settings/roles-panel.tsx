import { Button, makeStyles, Subtitle2, tokens } from '@fluentui/react-components';
import { type FormEvent, useEffect, useState } from 'react';
import { DataTable } from '../../components/data-table.tsx';
import { SelectField, TextField } from '../../components/form-fields.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { VisuallyHidden } from '../../components/visually-hidden.tsx';
import { usePageTexts } from '../../i18n/locale.tsx';
import { useSignedIn } from '../../signed-in.ts';
import { SETTINGS_TEXTS } from './settings.texts.ts';
import { useLineFormStyles } from './settings-styles.ts';

export interface Assignment {
  employeeId: string;
  employeeNo: string;
  name: string;
  sectionName: string;
  role: string;
  bureauId: string | null;
  bureauName: string | null;
}

const useStyles = makeStyles({
  wrap: { overflowX: 'auto', marginBlockEnd: tokens.spacingVerticalXL, maxWidth: '60rem' },
  h2: { margin: `0 0 ${tokens.spacingVerticalS}` },
});

const ROLES = ['hr', 'wlb_officer', 'executive', 'admin'] as const;

/** Who holds which role (and for which bureau); hr/admin add and remove them, each change audited. */
export function RolesPanel({
  bureaus,
  canManageAdmins,
}: {
  bureaus: { id: string; name: string }[];
  canManageAdmins: boolean;
}) {
  const styles = useStyles();
  const line = useLineFormStyles();
  const t = usePageTexts(SETTINGS_TEXTS).roles;
  const { api } = useSignedIn();
  const [list, setList] = useState<Assignment[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [form, setForm] = useState({ employeeNo: '', role: 'wlb_officer', bureauId: bureaus[0]?.id ?? '' });

  useEffect(() => {
    api
      .get<{ assignments: Assignment[] }>('/api/tab/settings/roles')
      .then((r) => setList(r.assignments), setError);
  }, [api]);

  const act = async (request: Promise<{ assignments: Assignment[] }>) => {
    setError(null);
    try {
      setList((await request).assignments);
    } catch (err) {
      setError(err);
    }
  };
  const scoped = form.role === 'executive' || form.role === 'wlb_officer';
  const grant = (e: FormEvent) => {
    e.preventDefault();
    void act(
      api.send('POST', '/api/tab/settings/roles', {
        employeeNo: form.employeeNo,
        role: form.role,
        bureauId: scoped ? form.bureauId : null,
      }),
    );
  };
  return (
    <>
      <Subtitle2 as="h2" className={styles.h2}>
        {t.grant}
      </Subtitle2>
      <form className={line.form} onSubmit={grant} aria-label={t.grant}>
        <TextField
          label={t.employeeNo}
          required
          value={form.employeeNo}
          onChange={(employeeNo) => setForm({ ...form, employeeNo })}
        />
        <SelectField
          label={t.role}
          value={form.role}
          options={ROLES.filter((r) => r !== 'admin' || canManageAdmins).map((r) => ({
            value: r,
            label: t.names[r] ?? '',
          }))}
          onChange={(role) => setForm({ ...form, role })}
        />
        {scoped && (
          <SelectField
            label={t.bureau}
            value={form.bureauId}
            options={bureaus.map((b) => ({ value: b.id, label: b.name }))}
            onChange={(bureauId) => setForm({ ...form, bureauId })}
          />
        )}
        <Button type="submit" appearance="primary">
          {t.add}
        </Button>
      </form>
      {error !== null && <ProblemMessage error={error} />}
      <Subtitle2 as="h2" className={styles.h2}>
        {t.list}
      </Subtitle2>
      <DataTable
        className={styles.wrap}
        caption={t.list}
        rows={list ?? []}
        rowKey={(a) => `${a.employeeId}:${a.role}:${a.bureauId}`}
        columns={[
          {
            id: 'employee',
            header: t.employee,
            cell: (a) => (
              <>
                {a.name}（{a.employeeNo}・{a.sectionName}）
              </>
            ),
          },
          { id: 'role', header: t.role, cell: (a) => t.names[a.role] ?? a.role },
          { id: 'bureau', header: t.bureau, cell: (a) => a.bureauName ?? t.allBureaus },
          {
            id: 'remove',
            header: <VisuallyHidden>{t.removeLabel}</VisuallyHidden>,
            cell: (a) => (
              <Button
                size="small"
                disabled={a.role === 'admin' && !canManageAdmins}
                aria-label={t.remove(a.name, t.names[a.role] ?? a.role)}
                onClick={() =>
                  void act(
                    api.send('POST', '/api/tab/settings/roles/revoke', {
                      employeeId: a.employeeId,
                      role: a.role,
                      bureauId: a.bureauId,
                    }),
                  )
                }
              >
                {t.removeLabel}
              </Button>
            ),
          },
        ]}
      />
    </>
  );
}
