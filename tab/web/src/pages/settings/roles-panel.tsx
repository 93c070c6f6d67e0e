import {
  Button,
  Field,
  Input,
  makeStyles,
  Select,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { usePageTexts } from '../../i18n/locale.tsx';
import { useSignedIn } from '../../signed-in.ts';
import { SETTINGS_TEXTS } from './settings.texts.ts';

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
  form: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalL,
    alignItems: 'flex-end',
    marginBlockEnd: tokens.spacingVerticalL,
  },
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
  const t = usePageTexts(SETTINGS_TEXTS).roles;
  const { api } = useSignedIn();
  const listId = useId();
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
      <form className={styles.form} onSubmit={grant} aria-label={t.grant}>
        <Field label={t.employeeNo} required>
          <Input value={form.employeeNo} onChange={(_e, d) => setForm({ ...form, employeeNo: d.value })} />
        </Field>
        <Field label={t.role}>
          <Select value={form.role} onChange={(_e, d) => setForm({ ...form, role: d.value })}>
            {ROLES.filter((r) => r !== 'admin' || canManageAdmins).map((r) => (
              <option key={r} value={r}>
                {t.names[r]}
              </option>
            ))}
          </Select>
        </Field>
        {scoped && (
          <Field label={t.bureau}>
            <Select value={form.bureauId} onChange={(_e, d) => setForm({ ...form, bureauId: d.value })}>
              {bureaus.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </Select>
          </Field>
        )}
        <Button type="submit" appearance="primary">
          {t.add}
        </Button>
      </form>
      {error !== null && <ProblemMessage error={error} />}
      <Subtitle2 as="h2" id={listId} className={styles.h2}>
        {t.list}
      </Subtitle2>
      <div className={styles.wrap}>
        <Table size="small" aria-labelledby={listId}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t.employee}</TableHeaderCell>
              <TableHeaderCell>{t.role}</TableHeaderCell>
              <TableHeaderCell>{t.bureau}</TableHeaderCell>
              <TableHeaderCell>
                <span
                  style={{
                    position: 'absolute',
                    width: 1,
                    height: 1,
                    overflow: 'hidden',
                    clip: 'rect(0,0,0,0)',
                  }}
                >
                  {t.removeLabel}
                </span>
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {(list ?? []).map((a) => (
              <TableRow key={`${a.employeeId}:${a.role}:${a.bureauId}`}>
                <TableCell>
                  {a.name}（{a.employeeNo}・{a.sectionName}）
                </TableCell>
                <TableCell>{t.names[a.role] ?? a.role}</TableCell>
                <TableCell>{a.bureauName ?? t.allBureaus}</TableCell>
                <TableCell>
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
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </>
  );
}
