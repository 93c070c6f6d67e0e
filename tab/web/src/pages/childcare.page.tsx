import { Button, Checkbox, Text } from '@fluentui/react-components';
import { type FormEvent, type ReactNode, useState } from 'react';
import type {
  CaseItem,
  RateCell,
  SharedPlan,
  TakeUp,
} from '../../../../contracts/tab-api/childcare.contract.ts';
import { ApiState } from '../components/api-state.tsx';
import { type Column, DataTable } from '../components/data-table.tsx';
import { SelectField, TextField } from '../components/form-fields.tsx';
import { Notice } from '../components/notice.tsx';
import { PageLayout, PageSection } from '../components/page-layout.tsx';
import { usePageStyles } from '../components/page-styles.ts';
import { ProblemMessage } from '../components/problem-message.tsx';
import { useAction } from '../components/use-action.ts';
import { useApiData } from '../components/use-api-data.ts';
import { formatNumber, useI18n, usePageTexts } from '../i18n/locale.tsx';
import { useSignedIn } from '../signed-in.ts';
import { childcareTexts } from './childcare/childcare.texts.ts';
import type { PageProps } from './page-registry.ts';

const FIRST_FY = 2023;

/**
 * 育児: plans shared with a manager (consent given), the WLB officer's list and invitations, and the
 * take-up against the plan's targets (HR, executives, WLB).
 */
export default function ChildcarePage(_props: PageProps) {
  const page = usePageStyles();
  const { t } = useI18n();
  const { me } = useSignedIn();
  const tx = usePageTexts(childcareTexts);
  const isWlb = me.roles.includes('wlb_officer');
  const canInvite = isWlb || me.roles.includes('hr');
  const seesTakeUp = canInvite || me.roles.includes('executive') || me.roles.includes('admin');
  // What the API answers for each role: a manager only the plans shared with them (consent given).
  const seesShared = me.isManager || me.roles.includes('manager');

  return (
    <PageLayout title={t.nav.childcare} intro={<Text>{tx.intro}</Text>}>
      <div className={page.stack}>
        {seesShared && <SharedWithMe />}
        {seesTakeUp && <TakeUpSection />}
        {isWlb && <CaseList />}
        {canInvite && <InviteForm />}
      </div>
    </PageLayout>
  );
}

/** One line of the take-up table: a bureau, a total or the targets. */
interface TakeUpLine {
  key: string;
  label: ReactNode;
  births: string;
  rates: [string, string, string];
}

function TakeUpSection() {
  const page = usePageStyles();
  const { locale } = useI18n();
  const tx = usePageTexts(childcareTexts).takeUp;
  const thisFy = (() => {
    const d = new Date();
    return d.getMonth() >= 3 ? d.getFullYear() : d.getFullYear() - 1;
  })();
  const [fy, setFy] = useState(thisFy);
  const { data, error, loading, reload } = useApiData<TakeUp>(`/api/tab/childcare/take-up?fiscalYear=${fy}`);
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
  const line = (key: string, label: ReactNode, c: TakeUp['total']): TakeUpLine => ({
    key,
    label,
    births: String(c.births),
    rates: [pct(c.specialLeave5Days), pct(c.childcareLeave2Weeks), pct(c.firstYear1Month)],
  });
  const lines: TakeUpLine[] = data
    ? [
        ...data.bureaus.map((b) => line(b.bureau.id, b.bureau.name, b)),
        line('total', <strong>{data.fromAttendance ? tx.totalFromPlan : tx.total}</strong>, data.total),
        ...(data.fromAttendance
          ? [line('attendance', <strong>{tx.totalFromAttendance}</strong>, data.fromAttendance.total)]
          : []),
        {
          key: 'target',
          label: tx.target,
          births: '',
          rates: [target('specialLeave5Days'), target('childcareLeave2Weeks'), target('firstYear1Month')],
        },
      ]
    : [];
  const rate = (i: 0 | 1 | 2, id: string, header: string): Column<TakeUpLine> => ({
    id,
    header,
    numeric: true,
    cell: (l) => l.rates[i],
  });

  return (
    <PageSection title={tx.title}>
      <div className={page.toolbar}>
        <SelectField
          label={tx.fiscalYear}
          value={String(fy)}
          onChange={(v) => setFy(Number(v))}
          options={Array.from({ length: thisFy - FIRST_FY + 1 }, (_, i) => thisFy - i).map((y) => ({
            value: String(y),
            label: tx.fy(y),
          }))}
        />
      </div>
      <ApiState loading={loading} error={error} reload={reload} />
      {data && (
        <div>
          <DataTable
            rows={lines}
            rowKey={(l) => l.key}
            columns={[
              { id: 'bureau', header: tx.bureau, cell: (l) => l.label },
              { id: 'births', header: tx.births, numeric: true, cell: (l) => l.births },
              rate(0, 'special', tx.special),
              rate(1, 'twoWeeks', tx.twoWeeks),
              rate(2, 'oneMonth', tx.oneMonth),
            ]}
          />
          <Text size={200} className={page.muted}>
            {tx.caption} {tx.suppressed(data.minGroupSize)} {data.fromAttendance ? tx.sources : ''}
          </Text>
        </div>
      )}
    </PageSection>
  );
}

/** A person as the lists name them: 氏名（職員番号）. */
const employeeColumn = <R extends { employee: { name: string; employeeNo: string } }>(
  header: string,
): Column<R> => ({
  id: 'employee',
  header,
  lang: 'ja',
  cell: (r) => `${r.employee.name}（${r.employee.employeeNo}）`,
});

function SharedWithMe() {
  const texts = usePageTexts(childcareTexts);
  const tx = texts.shared;
  const { data, error, loading, reload } = useApiData<{ plans: SharedPlan[] }>(
    '/api/tab/childcare/shared-with-me',
  );
  const range = (r: SharedPlan['ranges'][number]) =>
    `${texts.list.kinds[r.kind] ?? r.kind} ${r.start}${r.end && r.end !== r.start ? ` – ${r.end}` : ''} (${tx.statuses[r.status] ?? r.status})`;
  return (
    <PageSection title={tx.title} description={tx.intro}>
      <ApiState loading={loading} error={error} reload={reload} />
      {data && (
        <DataTable
          rows={data.plans}
          rowKey={(p) => p.id}
          empty={tx.empty}
          columns={[
            employeeColumn(tx.employee),
            {
              id: 'dates',
              header: tx.dates,
              cell: (p) => p.ranges.map((r) => <div key={`${r.kind}:${r.start}`}>{range(r)}</div>),
            },
          ]}
        />
      )}
    </PageSection>
  );
}

function CaseList() {
  const tx = usePageTexts(childcareTexts).list;
  const { data, error, loading, reload } = useApiData<{ cases: CaseItem[] }>('/api/tab/childcare/cases');
  return (
    <PageSection title={tx.title}>
      <ApiState loading={loading} error={error} reload={reload} />
      {data && (
        <DataTable
          rows={data.cases}
          rowKey={(c) => c.id}
          empty={tx.empty}
          columns={[
            employeeColumn(tx.employee),
            { id: 'section', header: tx.section, lang: 'ja', cell: (c) => c.employee.section },
            { id: 'status', header: tx.status, cell: (c) => tx.statuses[c.status] ?? c.status },
            {
              id: 'date',
              header: tx.date,
              cell: (c) => (c.birthDate ? `${c.birthDate}（${tx.born}）` : (c.dueDate ?? '')),
            },
            {
              id: 'deadline',
              header: tx.deadline,
              cell: (c) =>
                c.nextDeadline
                  ? `${c.nextDeadline.requestBy}（${tx.kinds[c.nextDeadline.kind] ?? c.nextDeadline.kind}）`
                  : '',
            },
            { id: 'consent', header: tx.consent, cell: (c) => (c.consent ? tx.yes : tx.no) },
            {
              id: 'targets',
              header: tx.targets,
              cell: (c) => (c.targets ? tx.met(Object.values(c.targets).filter(Boolean).length) : tx.notYet),
            },
          ]}
        />
      )}
    </PageSection>
  );
}

function InviteForm() {
  const page = usePageStyles();
  const tx = usePageTexts(childcareTexts).invite;
  const { api } = useSignedIn();
  const [employeeNo, setEmployeeNo] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [multipleBirth, setMultipleBirth] = useState(false);
  const { run, busy, result: done, error } = useAction<string>();

  const submit = (kind: 'invite' | 'report', e?: FormEvent) => {
    e?.preventDefault();
    return run(async () => {
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
      return kind === 'report' ? tx.reported(no) : result.created ? tx.sent(no) : tx.already(no);
    });
  };

  return (
    <PageSection title={tx.title} description={tx.intro}>
      <form className={page.toolbar} onSubmit={(e) => void submit('invite', e)}>
        <TextField
          label={tx.employeeNo}
          required
          value={employeeNo}
          onChange={setEmployeeNo}
          maxLength={20}
        />
        <TextField label={tx.dueDate} type="date" value={dueDate} onChange={setDueDate} />
        <TextField label={tx.birthDate} type="date" value={birthDate} onChange={setBirthDate} />
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
      {done && <Notice intent="success">{done}</Notice>}
      {error !== null && <ProblemMessage error={error} />}
    </PageSection>
  );
}
