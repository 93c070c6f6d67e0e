import {
  Button,
  Card,
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Select,
  Spinner,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { type FormEvent, useId, useState } from 'react';
import type {
  CaseItem,
  RateCell,
  SharedPlan,
  TakeUp,
} from '../../../../contracts/tab-api/childcare.contract.ts';
import { PageHeader } from '../components/page-header.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { useApiData } from '../components/use-api-data.ts';
import { formatNumber, useI18n, usePageTexts } from '../i18n/locale.tsx';
import { useSignedIn } from '../signed-in.ts';
import { childcareTexts } from './childcare/childcare.texts.ts';
import type { PageProps } from './page-registry.ts';

const useStyles = makeStyles({
  sections: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL, maxWidth: '72rem' },
  card: { padding: tokens.spacingHorizontalL },
  heading: { margin: 0 },
  hint: { color: tokens.colorNeutralForeground2 },
  toolbar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap' },
  form: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap' },
  scroll: { overflowX: 'auto' },
  num: { textAlign: 'end', fontVariantNumeric: 'tabular-nums' },
});

const FIRST_FY = 2023;

/**
 * 育児: plans shared with a manager (consent given), the WLB officer's list and invitations, and the
 * take-up against the plan's targets (HR, executives, WLB).
 */
export default function ChildcarePage(_props: PageProps) {
  const styles = useStyles();
  const { t } = useI18n();
  const { me } = useSignedIn();
  const tx = usePageTexts(childcareTexts);
  const isWlb = me.roles.includes('wlb_officer');
  const canInvite = isWlb || me.roles.includes('hr');
  const seesTakeUp = canInvite || me.roles.includes('executive') || me.roles.includes('admin');
  // What the API answers for each role: a manager only the plans shared with them (consent given).
  const seesShared = me.isManager || me.roles.includes('manager');

  return (
    <>
      <PageHeader title={t.nav.childcare}>
        <Text>{tx.intro}</Text>
      </PageHeader>
      <div className={styles.sections}>
        {seesShared && <SharedWithMe />}
        {seesTakeUp && <TakeUpSection />}
        {isWlb && <CaseList />}
        {canInvite && <InviteForm />}
      </div>
    </>
  );
}

function TakeUpSection() {
  const styles = useStyles();
  const { locale } = useI18n();
  const tx = usePageTexts(childcareTexts).takeUp;
  const thisFy = (() => {
    const d = new Date();
    return d.getMonth() >= 3 ? d.getFullYear() : d.getFullYear() - 1;
  })();
  const [fy, setFy] = useState(thisFy);
  const { data, error, loading, reload } = useApiData<TakeUp>(`/api/tab/childcare/take-up?fiscalYear=${fy}`);
  const headingId = useId();
  const fyId = useId();
  const pct = (c: RateCell) =>
    c.suppressed ? String(c.met) : c.rate === null ? tx.none : `${formatNumber(locale, c.rate * 100)}%`;
  const target = (id: string) => {
    const t = data?.targets.find((x) => x.id === id);
    return t
      ? `${tx.target} ${formatNumber(locale, t.target * 100)}% / ${tx.baseline(t.baselineFiscalYear)} ${formatNumber(locale, t.baseline * 100)}%${
          t.baselineNote ? ` ※${locale === 'en' ? t.baselineNote.en : t.baselineNote.ja}` : ''
        }`
      : '';
  };

  return (
    <section aria-labelledby={headingId}>
      <Card className={styles.card}>
        <Subtitle2 as="h2" id={headingId} className={styles.heading}>
          {tx.title}
        </Subtitle2>
        <div className={styles.toolbar}>
          <Field label={tx.fiscalYear}>
            <Select id={fyId} value={String(fy)} onChange={(_, d) => setFy(Number(d.value))}>
              {Array.from({ length: thisFy - FIRST_FY + 1 }, (_, i) => thisFy - i).map((y) => (
                <option key={y} value={y}>
                  {tx.fy(y)}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        {loading && <Spinner size="small" />}
        {error !== null && <ProblemMessage error={error} onRetry={reload} />}
        {data && (
          <div className={styles.scroll}>
            <Table aria-labelledby={headingId} size="small">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{tx.bureau}</TableHeaderCell>
                  <TableHeaderCell className={styles.num}>{tx.births}</TableHeaderCell>
                  <TableHeaderCell className={styles.num}>{tx.special}</TableHeaderCell>
                  <TableHeaderCell className={styles.num}>{tx.twoWeeks}</TableHeaderCell>
                  <TableHeaderCell className={styles.num}>{tx.oneMonth}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.bureaus.map((b) => (
                  <TableRow key={b.bureau.id}>
                    <TableCell>{b.bureau.name}</TableCell>
                    <TableCell className={styles.num}>{String(b.births)}</TableCell>
                    <TableCell className={styles.num}>{pct(b.specialLeave5Days)}</TableCell>
                    <TableCell className={styles.num}>{pct(b.childcareLeave2Weeks)}</TableCell>
                    <TableCell className={styles.num}>{pct(b.firstYear1Month)}</TableCell>
                  </TableRow>
                ))}
                <TableRow>
                  <TableCell>
                    <strong>{data.fromAttendance ? tx.totalFromPlan : tx.total}</strong>
                  </TableCell>
                  <TableCell className={styles.num}>{String(data.total.births)}</TableCell>
                  <TableCell className={styles.num}>{pct(data.total.specialLeave5Days)}</TableCell>
                  <TableCell className={styles.num}>{pct(data.total.childcareLeave2Weeks)}</TableCell>
                  <TableCell className={styles.num}>{pct(data.total.firstYear1Month)}</TableCell>
                </TableRow>
                {data.fromAttendance && (
                  <TableRow>
                    <TableCell>
                      <strong>{tx.totalFromAttendance}</strong>
                    </TableCell>
                    <TableCell className={styles.num}>{String(data.fromAttendance.total.births)}</TableCell>
                    <TableCell className={styles.num}>
                      {pct(data.fromAttendance.total.specialLeave5Days)}
                    </TableCell>
                    <TableCell className={styles.num}>
                      {pct(data.fromAttendance.total.childcareLeave2Weeks)}
                    </TableCell>
                    <TableCell className={styles.num}>
                      {pct(data.fromAttendance.total.firstYear1Month)}
                    </TableCell>
                  </TableRow>
                )}
                <TableRow>
                  <TableCell>{tx.target}</TableCell>
                  <TableCell />
                  <TableCell className={styles.num}>{target('specialLeave5Days')}</TableCell>
                  <TableCell className={styles.num}>{target('childcareLeave2Weeks')}</TableCell>
                  <TableCell className={styles.num}>{target('firstYear1Month')}</TableCell>
                </TableRow>
              </TableBody>
            </Table>
            <Text size={200} className={styles.hint}>
              {tx.caption} {tx.suppressed(data.minGroupSize)} {data.fromAttendance ? tx.sources : ''}
            </Text>
          </div>
        )}
      </Card>
    </section>
  );
}

function SharedWithMe() {
  const styles = useStyles();
  const texts = usePageTexts(childcareTexts);
  const tx = texts.shared;
  const { data, error, loading, reload } = useApiData<{ plans: SharedPlan[] }>(
    '/api/tab/childcare/shared-with-me',
  );
  const headingId = useId();
  const range = (r: SharedPlan['ranges'][number]) =>
    `${texts.list.kinds[r.kind] ?? r.kind} ${r.start}${r.end && r.end !== r.start ? ` – ${r.end}` : ''} (${tx.statuses[r.status] ?? r.status})`;
  return (
    <section aria-labelledby={headingId}>
      <Card className={styles.card}>
        <Subtitle2 as="h2" id={headingId} className={styles.heading}>
          {tx.title}
        </Subtitle2>
        <Text className={styles.hint}>{tx.intro}</Text>
        {loading && <Spinner size="small" />}
        {error !== null && <ProblemMessage error={error} onRetry={reload} />}
        {data && data.plans.length === 0 && <Text className={styles.hint}>{tx.empty}</Text>}
        {data && data.plans.length > 0 && (
          <div className={styles.scroll}>
            <Table aria-labelledby={headingId} size="small">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{tx.employee}</TableHeaderCell>
                  <TableHeaderCell>{tx.dates}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.plans.map((p) => (
                  <TableRow key={p.id}>
                    <TableCell lang="ja">
                      {p.employee.name}（{p.employee.employeeNo}）
                    </TableCell>
                    <TableCell>
                      {p.ranges.map((r) => (
                        <div key={`${r.kind}:${r.start}`}>{range(r)}</div>
                      ))}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </Card>
    </section>
  );
}

function CaseList() {
  const styles = useStyles();
  const tx = usePageTexts(childcareTexts).list;
  const { data, error, loading, reload } = useApiData<{ cases: CaseItem[] }>('/api/tab/childcare/cases');
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <Card className={styles.card}>
        <Subtitle2 as="h2" id={headingId} className={styles.heading}>
          {tx.title}
        </Subtitle2>
        {loading && <Spinner size="small" />}
        {error !== null && <ProblemMessage error={error} onRetry={reload} />}
        {data && data.cases.length === 0 && <Text className={styles.hint}>{tx.empty}</Text>}
        {data && data.cases.length > 0 && (
          <div className={styles.scroll}>
            <Table aria-labelledby={headingId} size="small">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{tx.employee}</TableHeaderCell>
                  <TableHeaderCell>{tx.section}</TableHeaderCell>
                  <TableHeaderCell>{tx.status}</TableHeaderCell>
                  <TableHeaderCell>{tx.date}</TableHeaderCell>
                  <TableHeaderCell>{tx.deadline}</TableHeaderCell>
                  <TableHeaderCell>{tx.consent}</TableHeaderCell>
                  <TableHeaderCell>{tx.targets}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.cases.map((c) => (
                  <TableRow key={c.id}>
                    <TableCell lang="ja">
                      {c.employee.name}（{c.employee.employeeNo}）
                    </TableCell>
                    <TableCell lang="ja">{c.employee.section}</TableCell>
                    <TableCell>{tx.statuses[c.status] ?? c.status}</TableCell>
                    <TableCell>{c.birthDate ? `${c.birthDate}（${tx.born}）` : (c.dueDate ?? '')}</TableCell>
                    <TableCell>
                      {c.nextDeadline
                        ? `${c.nextDeadline.requestBy}（${tx.kinds[c.nextDeadline.kind] ?? c.nextDeadline.kind}）`
                        : ''}
                    </TableCell>
                    <TableCell>{c.consent ? tx.yes : tx.no}</TableCell>
                    <TableCell>
                      {c.targets ? tx.met(Object.values(c.targets).filter(Boolean).length) : tx.notYet}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </Card>
    </section>
  );
}

function InviteForm() {
  const styles = useStyles();
  const tx = usePageTexts(childcareTexts).invite;
  const { api } = useSignedIn();
  const headingId = useId();
  const [employeeNo, setEmployeeNo] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [multipleBirth, setMultipleBirth] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const submit = async (kind: 'invite' | 'report', e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setDone(null);
    setError(null);
    try {
      const no = employeeNo.trim();
      const result =
        kind === 'invite'
          ? await api.send<{ created: boolean }>('POST', '/api/tab/childcare/invitations', { employeeNo: no })
          : await api.send<{ created: boolean }>('POST', '/api/tab/childcare/reports', {
              employeeNo: no,
              dueDate: dueDate || undefined,
              birthDate: birthDate || undefined,
              multipleBirth,
            });
      setDone(kind === 'report' ? tx.reported(no) : result.created ? tx.sent(no) : tx.already(no));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby={headingId}>
      <Card className={styles.card}>
        <Subtitle2 as="h2" id={headingId} className={styles.heading}>
          {tx.title}
        </Subtitle2>
        <Text className={styles.hint}>{tx.intro}</Text>
        <form className={styles.form} onSubmit={(e) => void submit('invite', e)}>
          <Field label={tx.employeeNo} required>
            <Input value={employeeNo} onChange={(_, d) => setEmployeeNo(d.value)} maxLength={20} />
          </Field>
          <Field label={tx.dueDate}>
            <Input type="date" value={dueDate} onChange={(_, d) => setDueDate(d.value)} />
          </Field>
          <Field label={tx.birthDate}>
            <Input type="date" value={birthDate} onChange={(_, d) => setBirthDate(d.value)} />
          </Field>
          <Checkbox
            label={tx.multipleBirth}
            checked={multipleBirth}
            onChange={(_, d) => setMultipleBirth(d.checked === true)}
          />
          <Button type="submit" appearance="primary" disabled={busy || !employeeNo.trim()}>
            {tx.send}
          </Button>
          <Button
            disabled={busy || !employeeNo.trim() || (!dueDate && !birthDate)}
            onClick={() => void submit('report')}
          >
            {tx.report}
          </Button>
        </form>
        {done && (
          <MessageBar intent="success">
            <MessageBarBody>{done}</MessageBarBody>
          </MessageBar>
        )}
        {error !== null && <ProblemMessage error={error} />}
      </Card>
    </section>
  );
}
