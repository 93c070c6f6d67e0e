import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validatePlan } from '../../core/childcare/childcare.rules.ts';
import { DEFAULT_CHILDCARE_SETTINGS } from '../../core/childcare/childcare.settings.ts';
import { loadCase } from '../../core/childcare/childcare-case.ts';
import { sql } from '../../core/db/sql.ts';
import type { JobDefinition } from '../../core/jobs/jobs.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';

type Card = Record<string, unknown>;
const text = (card: unknown) => JSON.stringify(card);
const cardOf = (activity: Record<string, unknown> | undefined) =>
  (activity?.attachments as { content: Card }[] | undefined)?.[0]?.content;

/**
 * The childcare flow end to end: the bot on the real auth path, the connector emulator recording
 * what people see, the tab API in dev-persona mode, and a clock the test moves.
 */
describe('childcare-leave plan through the bot and the tab', () => {
  let t: TestApp;
  let clock = new Date('2026-10-05T10:00:00+09:00');
  let oid: string; // the father-to-be, in 高橋誠 (D00002)'s section
  let employeeNo: string;
  let employeeName: string;
  let managerOid: string;
  let caseId: string;

  const invoke = async (who: string, verb: string, data: Record<string, unknown>) => {
    const res = await t.sendActivity(
      t.personalActivity(who, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data } },
      }),
    );
    expect(res.status).toBe(200);
    return (res.body as { value: Card }).value;
  };
  const tab = async (persona: string, path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${t.baseUrl}/api/tab${path}`, {
      method: init.method ?? 'GET',
      headers: { 'x-dev-persona': persona, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const sentTo = (who: string) => t.connector.sent().filter((c) => c.conversationId === `a:${who}`);
  const versions = async () =>
    (
      await t.db.query<{ n: number }>(
        sql`select count(*)::int as n from childcare_sheet_version where case_id = ${caseId}`,
      )
    )[0]?.n;

  // Tue 19 – Wed 20 Jan, Thu 21 – Fri 22 Jan: 4 days of special leave; 14 days of 産後パパ育休.
  const validSheet = () => ({
    caseId,
    version: 0,
    dueDate: '2027-01-20',
    spouseSituation: 'working',
    arrangementKind: 'nursery_planned',
    multipleBirth: 'false',
    r_spouse_childbirth_leave_0_s: '2027-01-19',
    r_spouse_childbirth_leave_0_e: '2027-01-20',
    r_childcare_participation_leave_0_s: '2027-01-21',
    r_childcare_participation_leave_0_e: '2027-01-22',
    r_postnatal_paternity_leave_0_s: '2027-02-01',
    r_postnatal_paternity_leave_0_e: '2027-02-14',
    use_telework: 'yes',
    consent: 'false',
  });

  beforeAll(async () => {
    t = await startTestApp({ authMode: 'dev', overrides: { now: () => clock, workJobs: false } });
    const [person] = await t.db.query<{ employee_no: string; oid: string; name: string }>(sql`
      select e.employee_no, e.entra_oid::text as oid, e.family_name || ' ' || e.given_name as name
        from employee e join employee m on m.id = e.manager_id
       where m.employee_no = 'D00002' and e.gender = 'male' and e.employee_no <> 'D00003'
         and not exists (select 1 from childcare_case c where c.employee_id = e.id)
       order by e.employee_no limit 1`);
    if (!person) throw new Error('demo has no male staff under D00002');
    ({ employee_no: employeeNo, oid, name: employeeName } = person);
    managerOid = await t.oidOf('D00002');
  });
  afterAll(() => t?.stop());

  it('has demo plans in different states, D00003’s within every rule', async () => {
    const rows = await t.db.query<{ employee_no: string; status: string; consent: boolean; id: string }>(sql`
      select e.employee_no, c.status, c.consent, c.id from childcare_case c join employee e on e.id = c.employee_id order by e.employee_no`);
    expect(rows.map((r) => r.status).sort()).toEqual([
      'invited',
      'submitted',
      'submitted',
      'submitted',
      'submitted',
      'submitted',
      'submitted',
    ]);
    const d3 = rows.find((r) => r.employee_no === 'D00003');
    expect(d3?.consent).toBe(true);
    const view = await loadCase(t.db, d3!.id);
    expect(validatePlan(view!.plan!, DEFAULT_CHILDCARE_SETTINGS, '2026-10-05').errors).toEqual([]);
  });

  it('answers 育児 by asking who the sheet is for; "not for me" files nothing', async () => {
    const before = t.connector.sent().length;
    await t.sendActivity(t.personalActivity(oid, { type: 'message', text: '育児' }));
    const ask = await t.connector.waitFor(
      (c) =>
        t.connector.sent().indexOf(c) >= before &&
        text(cardOf(c.activity)).includes('育児シートはどなたのためのものですか'),
    );
    expect(text(cardOf(ask.activity))).toContain('父親');
    expect(text(await invoke(oid, 'childcare.notForMe', {}))).toContain('計画は作りませんでした');
    const none = await t.db.query(sql`
      select c.id from childcare_case c join employee e on e.id = c.employee_id where e.employee_no = ${employeeNo}`);
    expect(none).toHaveLength(0);
  });

  it('opens the sheet once the father says it is for him and sends the information set once', async () => {
    const sheet = await invoke(oid, 'childcare.start', { forWhom: 'father' });
    expect(text(sheet)).toContain('育児シート（育児休業等取得計画書）');
    expect(text(sheet)).toContain('出産予定日');
    const info = sentTo(oid).filter((c) => text(cardOf(c.activity)).includes('育児に関する制度のご案内'));
    expect(info).toHaveLength(1);
    expect(text(cardOf(info[0]?.activity))).toContain('休業中の給与・手当');
    const [row] = await t.db.query<{ id: string; status: string }>(sql`
      select c.id, c.status from childcare_case c join employee e on e.id = c.employee_id where e.employee_no = ${employeeNo}`);
    expect(row?.status).toBe('started');
    caseId = row?.id as string;

    // Asking again opens the same case and does not repeat the information set.
    await t.sendActivity(t.personalActivity(oid, { type: 'message', text: 'childcare' }));
    expect(
      sentTo(oid).filter((c) => text(cardOf(c.activity)).includes('育児に関する制度のご案内')),
    ).toHaveLength(1);
  });

  it('refuses an impossible date and a leave outside its window, naming each, and stores nothing', async () => {
    const card = await invoke(oid, 'childcare.save', {
      ...validSheet(),
      r_childcare_participation_leave_0_s: '2027-02-30',
      r_postnatal_paternity_leave_0_s: '2027-04-01',
      r_postnatal_paternity_leave_0_e: '2027-04-10',
    });
    const shown = text(card);
    expect(shown).toContain('保存されていません');
    expect(shown).toContain('育児参加のための休暇 1回目・開始日');
    expect(shown).toContain('実在する日付');
    // The same form comes back with what was typed.
    expect(shown).toContain('2027-04-10');
    expect(await versions()).toBe(0);
  });

  it('saves a valid plan and shows the goals in plain words', async () => {
    const card = await invoke(oid, 'childcare.save', validSheet());
    const shown = text(card);
    expect(shown).toContain('保存しました（第1版）');
    expect(shown).toContain('あと1日で5日目標');
    expect(shown).toContain('2週間目標を達成');
    // 産後パパ育休 from Mon 1 Feb: request two weeks ahead, by Mon 18 Jan.
    expect(shown).toContain('2027年1月18日（月）までに請求');
    expect(await versions()).toBe(1);
    const mine = (await tab(employeeNo, '/childcare/mine')).body.plan as {
      targets: { summary: { ja: string } }[];
    };
    expect(mine.targets.map((x) => x.summary.ja)).toContain(
      'あと1日で5日目標（配偶者出産休暇と育児参加のための休暇の合計 現在4日）',
    );
    // The manager has not received anything about the plan: no consent yet. (Other features may
    // write to a manager meanwhile, e.g. the wellbeing gap card: only childcare cards count here.)
    expect(
      sentTo(managerOid).filter((c) => /育児|産後パパ|出産/.test(text(cardOf(c.activity)))),
    ).toHaveLength(0);
  });

  it('opens the saved plan for editing and refuses a save from an outdated card', async () => {
    const form = text(await invoke(oid, 'childcare.edit', { caseId }));
    expect(form).toContain('2027-02-14');
    expect(form).toContain('編集をやめる');
    const stale = text(
      await invoke(oid, 'childcare.save', { ...validSheet(), version: 0, use_flextime: 'yes' }),
    );
    expect(stale).toContain('ほかのカードで更新されています');
    expect(await versions()).toBe(1);
  });

  it('refuses a card action on someone else’s plan', async () => {
    const other = await t.oidOf('D00003');
    const card = await invoke(other, 'childcare.save', { ...validSheet(), version: 1 });
    expect(text(card)).toContain('ほかの方のもの');
    expect(await versions()).toBe(1);
  });

  it('shares with the manager only after consent, without spouse details; withdrawing replaces the card', async () => {
    const before = t.connector.calls.length;
    const card = await invoke(oid, 'childcare.consent', { caseId, granted: true });
    expect(text(card)).toContain('上司と共有しています');
    const sent = await t.connector.waitFor(
      (c) =>
        t.connector.calls.indexOf(c) >= before &&
        c.method === 'POST' &&
        !!c.activity &&
        c.conversationId === `a:${managerOid}` &&
        text(cardOf(c.activity)).includes('産後パパ育休'),
    );
    const managerCard = text(cardOf(sent.activity));
    expect(managerCard).toContain(employeeName);
    expect(managerCard).toContain('産後パパ育休');
    expect(managerCard).not.toContain('working');
    expect(managerCard).not.toContain('出産予定日');

    // The manager may read the dates in the tab now (audited) …
    const shared = await tab('D00002', `/childcare/cases/${caseId}`);
    expect(shared.status).toBe(200);
    expect(shared.body.spouseSituation).toBeUndefined();
    // … and finds it among the plans shared with them (the direct manager only).
    const sharedList = await tab('D00002', '/childcare/shared-with-me');
    expect((sharedList.body.plans as { id: string }[]).map((p) => p.id)).toContain(caseId);
    const notMine = await tab('D00003', '/childcare/shared-with-me');
    expect((notMine.body.plans as { id: string }[]).map((p) => p.id)).not.toContain(caseId);

    // … and confirms cover; someone else cannot.
    expect(text(await invoke(managerOid, 'childcare.coverage', { caseId, version: 1 }))).toContain(
      '手配済み',
    );
    expect(
      text(await invoke(await t.oidOf('D00003'), 'childcare.coverage', { caseId, version: 1 })),
    ).toContain('あなたあてではありません');

    const withdrawn = await invoke(oid, 'childcare.consent', { caseId, granted: false });
    expect(text(withdrawn)).toContain('共有していません');
    const update = await t.connector.waitFor(
      (c) => c.method === 'PUT' && c.conversationId === `a:${managerOid}` && c.activityId === sent.activityId,
    );
    expect(text(cardOf(update.activity))).toContain('共有を取りやめた');
    expect((await tab('D00002', `/childcare/cases/${caseId}`)).status).toBe(404);
    const afterWithdrawal = await tab('D00002', '/childcare/shared-with-me');
    expect((afterWithdrawal.body.plans as { id: string }[]).map((p) => p.id)).not.toContain(caseId);
    expect(text(await invoke(managerOid, 'childcare.coverage', { caseId, version: 1 }))).toContain(
      '共有を取りやめた',
    );

    const history = await t.db.query<{ granted: boolean }>(
      sql`select granted from childcare_consent_event where case_id = ${caseId} order by id`,
    );
    expect(history.map((h) => h.granted)).toEqual([true, false]);
  });

  it('holds reminders in quiet hours, then sends each exactly once, even when two instances run the job together', async () => {
    const job = t.app.modules
      .flatMap((m) => m.jobs ?? [])
      .find((j) => j.name === 'childcare-reminders') as unknown as JobDefinition<{ on?: string }>;
    const before = sentTo(oid).length;
    // Saturday 9 January: the information set is due, but nothing goes out on a day off.
    clock = new Date('2027-01-09T09:00:00+09:00');
    await job.handler({}, { jobId: 'sat' });
    expect(sentTo(oid).length).toBe(before);
    // He keeps quiet hours until 10:00: the 9:00 run holds his reminders, the 10:00 run sends them.
    await t.db.query(sql`
      insert into employee_preference (employee_id, quiet_start, quiet_end)
      select id, '20:00', '10:00' from employee where employee_no = ${employeeNo}`);
    clock = new Date('2027-01-15T09:00:00+09:00');
    await Promise.all([job.handler({}, { jobId: 'quiet-a' }), job.handler({}, { jobId: 'quiet-b' })]);
    expect(sentTo(oid).length).toBe(before);
    clock = new Date('2027-01-15T10:00:00+09:00');
    await Promise.all([job.handler({}, { jobId: 'a' }), job.handler({}, { jobId: 'b' })]);
    clock = new Date('2027-01-15T11:00:00+09:00');
    await job.handler({}, { jobId: 'c' });
    const cards = sentTo(oid)
      .slice(before)
      .map((c) => text(cardOf(c.activity)));
    // The 産後パパ育休 request deadline (18 Jan) and the information set a month before the birth.
    expect(cards.filter((c) => c.includes('請求期限は2027年1月18日（月）'))).toHaveLength(1);
    expect(cards.filter((c) => c.includes('出産予定日が近づいてきました'))).toHaveLength(1);
    expect(cards).toHaveLength(2);
  });

  it('recomputes the windows when the birth date is entered and says what moved', async () => {
    clock = new Date('2027-01-16T10:00:00+09:00');
    const future = await invoke(oid, 'childcare.birth', { caseId, version: 1, birthDate: '2027-01-30' });
    expect(text(future)).toContain('今日');
    expect(await versions()).toBe(1);

    const card = text(await invoke(oid, 'childcare.birth', { caseId, version: 1, birthDate: '2027-01-12' }));
    expect(card).toContain('取得できる期間が次のとおり変わりました');
    expect(card).toContain('出生日');
    expect(await versions()).toBe(2);
    const [row] = await t.db.query<{ birth_date: string }>(
      sql`select birth_date from childcare_case where id = ${caseId}`,
    );
    expect(row?.birth_date).toBe('2027-01-12');
  });

  it('offers the work-life balance sheet and shares it with HR only', async () => {
    expect(text(await invoke(oid, 'childcare.wlb.open', { caseId }))).toContain('ワークライフバランスシート');
    const saved = await invoke(oid, 'childcare.wlb.save', {
      caseId,
      work: '復帰後は時差出勤を希望',
      life: '保育所の送迎を担当',
      interview: 'true',
    });
    expect(text(saved)).toContain('保存しました（第1版）');
    const hr = await tab('D00001', '/childcare/wlb-sheets');
    const sheet = (hr.body.sheets as { employee: { employeeNo: string }; answers: { work: string } }[]).find(
      (s) => s.employee.employeeNo === employeeNo,
    );
    expect(sheet?.answers.work).toBe('復帰後は時差出勤を希望');
    expect((await tab('D00005', '/childcare/wlb-sheets')).status).toBe(403);
  });

  it('gives the WLB officer the bureau list and the plan, audited; the take-up table keeps the floor', async () => {
    const list = await tab('D00005', '/childcare/cases');
    expect(list.status).toBe(200);
    const mine = (list.body.cases as { id: string; status: string }[]).find((c) => c.id === caseId);
    expect(mine?.status).toBe('submitted');
    // The demo's invited-but-never-filed case is not listed: nobody filed it.
    expect((list.body.cases as { status: string }[]).some((c) => c.status === 'invited')).toBe(false);
    const detail = await tab('D00005', `/childcare/cases/${caseId}`);
    expect(detail.body.spouseSituation).toBe('working');
    const audit = await t.db.query<{ action: string }>(sql`
      select action from audit_log where target_id = ${caseId} and action = 'childcare.read'`);
    expect(audit.length).toBeGreaterThanOrEqual(2); // the manager's read earlier and the officer's now
    expect((await tab('D00003', '/childcare/cases')).status).toBe(403);

    const takeUp = await tab('D00001', '/childcare/take-up?fiscalYear=2026');
    expect(takeUp.status).toBe(200);
    const bureaus = takeUp.body.bureaus as {
      bureau: { name: string };
      births: number | string;
      specialLeave5Days: { rate: number | null; suppressed: boolean };
    }[];
    // 情報通信局: the five demo births with leave taken, and this test's birth (leave only planned).
    const b03 = bureaus.find((b) => b.bureau.name === '情報通信局');
    expect(b03?.births).toBe(6);
    expect(b03?.specialLeave5Days).toEqual({ met: 3, rate: 0.5, suppressed: false });
    // Bureaus without a birth hold nobody's data: 0 is shown (the disclosure rule hides 1–4, docs/privacy.md).
    for (const b of bureaus.filter((x) => x.bureau.name !== '情報通信局')) expect(b.births).toBe(0);
  });

  it('lets the WLB officer invite someone in the bureau (not outside) and records a birth report', async () => {
    const [inside] = await t.db.query<{ employee_no: string; oid: string }>(sql`
      select e.employee_no, e.entra_oid::text as oid from employee e join section s on s.id = e.section_id join bureau b on b.id = s.bureau_id
       where b.code = 'B03' and e.gender = 'male' and e.employee_no not like 'D0000%' and not exists (select 1 from childcare_case c where c.employee_id = e.id)
       order by e.employee_no limit 1`);
    const [outside] = await t.db.query<{ employee_no: string }>(sql`
      select e.employee_no from employee e join section s on s.id = e.section_id join bureau b on b.id = s.bureau_id
       where b.code = 'B01' and e.gender = 'male' and not exists (select 1 from childcare_case c where c.employee_id = e.id)
       order by e.employee_no limit 1`);
    const invited = await tab('D00005', '/childcare/invitations', {
      method: 'POST',
      body: { employeeNo: inside?.employee_no },
    });
    expect(invited.status).toBe(200);
    expect(invited.body.status).toBe('invited');
    const card = await t.connector.waitFor((c) => c.conversationId === `a:${inside?.oid}` && !!c.activity);
    expect(text(cardOf(card.activity))).toContain('WLB担当から育児シートのご案内');
    expect(
      (
        await tab('D00005', '/childcare/invitations', {
          method: 'POST',
          body: { employeeNo: outside?.employee_no },
        })
      ).status,
    ).toBe(403);

    const bad = await tab('D00001', '/childcare/reports', {
      method: 'POST',
      body: { employeeNo: outside?.employee_no },
    });
    expect(bad.status).toBe(400);
    const future = await tab('D00001', '/childcare/reports', {
      method: 'POST',
      body: { employeeNo: outside?.employee_no, birthDate: '2027-12-01' },
    });
    expect(future.status).toBe(400);
    expect(JSON.stringify(future.body)).toContain('出生日が今日より後です');
    expect((await t.db.query(sql`select 1 from childcare_case where source = 'report'`)).length).toBe(0);
    const report = await tab('D00001', '/childcare/reports', {
      method: 'POST',
      body: { employeeNo: outside?.employee_no, dueDate: '2027-05-01' },
    });
    expect(report.status).toBe(200);
    const [row] = await t.db.query<{ due_date: string; source: string }>(
      sql`select due_date, source from childcare_case where id = ${report.body.id as string}`,
    );
    expect(row).toEqual({ due_date: '2027-05-01', source: 'report' });
  });

  it('gives HR and the WLB officer the follow-sheet completion per bureau, with the floor; nobody else', async () => {
    const hr = await tab('D00001', '/childcare/manager-follow');
    expect(hr.status).toBe(200);
    const bureaus = hr.body.bureaus as {
      follows: number | string;
      suppressed: boolean;
      rate: number | null;
    }[];
    expect(bureaus.every((b) => (b.suppressed ? b.follows === '<5' && b.rate === null : true))).toBe(true);
    expect((await tab('D00005', '/childcare/manager-follow')).status).toBe(200);
    expect((await tab('D00003', '/childcare/manager-follow')).status).toBe(403);
  });

  it('lets the father cancel his plan: the WLB list drops it and 育児 asks again', async () => {
    const done = text(await invoke(oid, 'childcare.cancel', { caseId }));
    expect(done).toContain('取り消しました');
    const list = await tab('D00005', '/childcare/cases');
    expect((list.body.cases as { id: string }[]).some((c) => c.id === caseId)).toBe(false);
    expect((await tab(employeeNo, '/childcare/mine')).body.plan ?? null).toBeNull();
    const before = t.connector.sent().length;
    await t.sendActivity(t.personalActivity(oid, { type: 'message', text: '育児' }));
    await t.connector.waitFor(
      (c) =>
        t.connector.sent().indexOf(c) >= before &&
        text(cardOf(c.activity)).includes('育児シートはどなたのためのものですか'),
    );
  });
});
