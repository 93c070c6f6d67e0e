import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole } from '../../core/access/role-assignment.repository.ts';
import { storeDays } from '../../core/attendance/attendance-import.service.ts';
import { sql } from '../../core/db/sql.ts';
import { retentionSettingsSchema } from '../../core/subject-rights/retention.settings.ts';
import { purgeExpired } from '../../core/subject-rights/retention-purge.service.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';
import { attendanceDay } from '../harness/attendance-day.ts';

/**
 * Issue 13 finding 8 (failed on main: no export, no erasure — deleting a person failed on foreign
 * keys from ~25 tables — no retention). Admin-only export of everything held on one person, erasure
 * that keeps the aggregates and the audit trail but leaves no row anywhere naming the person, and
 * a retention purge. Data: the demo's 中村 健太 (D00003), who has hours, a 100 h alert, a childcare
 * plan shared with his chief, leave data and a Teams chat.
 */
describe('data-subject rights: export, erasure, retention', () => {
  let t: TestApp;
  let subject: { id: string; oid: string; upn: string; no: string; sectionId: string };
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    await grantRole(t.db, { employeeNo: 'D00002', role: 'hr', bureauId: null }, null);
    for (const no of ['D00001', 'D00002', 'D00003']) tokens[no] = await t.signSsoToken(await t.oidOf(no));
    const [row] = await t.db.query<{ id: string; oid: string; upn: string; section_id: string }>(
      sql`select id::text, entra_oid::text as oid, upn, section_id::text from employee where employee_no = 'D00003'`,
    );
    subject = { id: row!.id, oid: row!.oid, upn: row!.upn, no: 'D00003', sectionId: row!.section_id };
    // He has chatted with the bot (conversation reference) and his chief has seen his 100 h card.
    await t.sendActivity(t.personalActivity(subject.oid, { type: 'message', text: 'ヘルプ' }));
    await t.sendActivity(t.personalActivity(await t.oidOf('D00002'), { type: 'message', text: '残業' }));
    // He got the end-of-June leave nudge: an outbox row keyed by his Entra id, as sendCard writes it.
    await t.db.query(sql`
      insert into delivery (purpose, subject, recipient, state, aad_object_id, conversation_id, card, sent_at)
      values ('leave.nudge', '2026:employee', ${subject.oid}, 'sent', ${subject.oid}, ${`a:${subject.oid}`}, '{}'::jsonb, now())`);
  }, 90_000);
  afterAll(() => t?.stop());

  const call = (who: string, method: string, path: string, body?: unknown) =>
    fetch(`${t.baseUrl}/api/tab${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('only an administrator may export or erase; HR and the person are refused and recorded', async () => {
    for (const who of ['D00002', 'D00003']) {
      expect((await call(who, 'GET', '/admin/subjects/D00003/export')).status).toBe(403);
      const erase = await call(who, 'POST', '/admin/subjects/D00003/erase', {
        confirmEmployeeNo: 'D00003',
        reason: 'attempt by a non-admin',
      });
      expect(erase.status).toBe(403);
    }
    const [row] = await t.db.query<{ n: number }>(
      sql`select count(*)::int as n from audit_log where action = 'access.denied' and target_id like '%/admin/subjects/%'`,
    );
    expect(row!.n).toBe(4);
  });

  it('exports everything held on the person as JSON with a readable summary, uncached and audited', async () => {
    const res = await call('D00001', 'GET', '/admin/subjects/D00003/export');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as {
      summary: string;
      subject: { employee_no: string };
      records: Record<string, unknown[]>;
      identityCopies: Record<string, unknown[]>;
      audit: unknown[];
    };
    expect(body.subject.employee_no).toBe('D00003');
    for (const key of [
      'overtime_month.employee_id',
      'overtime_alert.employee_id',
      'childcare_case.employee_id',
    ])
      expect(body.records[key]?.length ?? 0).toBeGreaterThan(0);
    expect(body.identityCopies.conversation_ref).toHaveLength(1);
    // What the bot sent him, from the one outbox (never the card: it may be about someone else).
    const messages = body.records['delivery.recipient'] as { purpose: string; card?: unknown }[];
    expect(messages.map((m) => m.purpose)).toContain('leave.nudge');
    expect(messages.every((m) => m.card === undefined)).toBe(true);
    expect(body.summary).toContain('Teams への送信記録');
    expect(body.audit.length).toBeGreaterThan(0);
    expect(body.summary).toContain('中村 健太');
    expect(body.summary).toContain('育児に関する計画');
    const text = await call('D00001', 'GET', '/admin/subjects/D00003/export?format=text');
    expect(text.headers.get('content-type')).toContain('text/plain');
    expect(await text.text()).toContain('職員番号: D00003');
    const [audited] = await t.db.query<{ n: number }>(
      sql`select count(*)::int as n from audit_log where action = 'subject.export' and target_id = ${subject.id}`,
    );
    expect(audited!.n).toBe(2);
  });

  it('refuses an erasure without the typed confirmation, and an administrator erasing themself', async () => {
    const wrong = await call('D00001', 'POST', '/admin/subjects/D00003/erase', {
      confirmEmployeeNo: 'D00030',
      reason: '利用停止請求',
    });
    expect(wrong.status).toBe(400);
    const self = await call('D00001', 'POST', '/admin/subjects/D00001/erase', {
      confirmEmployeeNo: 'D00001',
      reason: '利用停止請求',
    });
    expect(self.status).toBe(403);
    expect(await t.db.query(sql`select 1 from employee where employee_no = 'D00003'`)).toHaveLength(1);
  });

  it('erasure leaves no row in any table naming the person, keeps the aggregates and every audit event', async () => {
    const aggregates = () =>
      t.db.query(sql`
        select (select coalesce(sum(overtime_minutes), 0)::int from overtime_month om join employee e on e.id = om.employee_id
                 where e.section_id = ${subject.sectionId}::uuid) as section_overtime,
               (select count(*)::int from overtime_alert) as alerts,
               (select count(*)::int from childcare_case) as childcare_cases,
               (select count(*)::int from leave_taken) as leave_taken,
               (select count(*)::int from employee where section_id = ${subject.sectionId}::uuid) as section_people`);
    const before = await aggregates();
    const [{ n: auditBefore }] = (await t.db.query<{ n: number }>(
      sql`select count(*)::int as n from audit_log`,
    )) as [{ n: number }];

    const res = await call('D00001', 'POST', '/admin/subjects/D00003/erase', {
      confirmEmployeeNo: 'D00003',
      reason: '利用停止請求（2026-12-01 受付）',
    });
    expect(res.status).toBe(200);
    const { pseudonym } = (await res.json()) as { pseudonym: string };

    // Every column of every table of the app's schema, read from information_schema.
    const columns = await t.db.query<{ table_name: string; column_name: string }>(sql`
      select c.table_name::text, c.column_name::text from information_schema.columns c
        join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name
       where c.table_schema = current_schema() and tb.table_type = 'BASE TABLE'
         and c.data_type in ('uuid', 'text', 'character varying', 'jsonb', 'json')`);
    expect(columns.length).toBeGreaterThan(50);
    const needles = [subject.id, subject.oid, subject.upn.toLowerCase(), `"${subject.no}"`];
    const found: string[] = [];
    for (const { table_name, column_name } of columns) {
      const rows = await t.db.query<{ v: string }>({
        text: `select "${column_name}"::text as v from "${table_name}" where lower("${column_name}"::text) like any($1::text[]) or "${column_name}"::text = $2 limit 1`,
        values: [needles.map((n) => `%${n.toLowerCase()}%`), subject.no],
      });
      if (rows.length > 0) found.push(`${table_name}.${column_name}: ${rows[0]!.v.slice(0, 80)}`);
    }
    expect(found).toEqual([]);
    expect(
      await t.db.query(sql`select 1 from employee where family_name = '中村' and given_name = '健太'`),
    ).toHaveLength(0);

    // The figures are the same, and so is the number of audit events (plus the erasure itself).
    expect(await aggregates()).toEqual(before);
    const [{ n: auditAfter }] = (await t.db.query<{ n: number }>(
      sql`select count(*)::int as n from audit_log`,
    )) as [{ n: number }];
    expect(auditAfter).toBe(auditBefore + 1);
    const [pseudonymised] = await t.db.query<{ n: number }>(
      sql`select count(*)::int as n from audit_log where actor_id = ${pseudonym}::uuid or target_id = ${pseudonym}`,
    );
    expect(pseudonymised!.n).toBeGreaterThan(0);
    // The childcare case is still counted, but its family details are gone.
    const sheets = await t.db.query<{ answers: unknown }>(sql`
      select v.answers from childcare_sheet_version v join childcare_case c on c.id = v.case_id
        join employee e on e.id = c.employee_id where e.employee_no like 'erased-%'`);
    expect(sheets.length).toBeGreaterThan(0);
    expect(sheets.every((s) => JSON.stringify(s.answers) === '{"erased":true}')).toBe(true);
    // His chief still signs in and the app still works for everyone else.
    expect((await call('D00002', 'GET', '/me')).status).toBe(200);
  });

  it('the retention purge wipes old childcare details and raw attendance days, once, and audits it', async () => {
    const [oldCase] = await t.db.query<{ id: string }>(sql`
      update childcare_case set status = 'closed', updated_at = now() - interval '10 years'
       where id = (select id from childcare_case where due_date is not null order by id limit 1) returning id::text`);
    expect(oldCase).toBeDefined();
    const [someone] = await t.db.query<{ employee_no: string }>(
      sql`select e.employee_no from attendance_day d join employee e on e.id = d.employee_id limit 1`,
    );
    const day = attendanceDay({ line: 1, overtimeMinutes: 60 });
    await storeDays(
      t.db,
      [{ ...day, employeeNo: someone!.employee_no, date: '2001-04-02' }],
      { id: null, label: 'test' },
      { source: 'api' },
    );
    const settings = retentionSettingsSchema.parse({});
    const first = await purgeExpired(t.db, settings, new Date());
    expect(first.childcareCases).toBeGreaterThanOrEqual(1);
    expect(first.attendanceDays).toBeGreaterThanOrEqual(1);
    const [purged] = await t.db.query<{ due_date: unknown; answers: unknown[] }>(sql`
      select c.due_date, array(select v.answers from childcare_sheet_version v where v.case_id = c.id) as answers
        from childcare_case c where c.id = ${oldCase!.id}::uuid`);
    expect(purged!.due_date).toBeNull();
    expect(purged!.answers.every((a) => JSON.stringify(a) === '{"purged":true}')).toBe(true);
    expect(await t.db.query(sql`select 1 from attendance_day where work_date = '2001-04-02'`)).toHaveLength(
      0,
    );
    expect(await purgeExpired(t.db, settings, new Date())).toEqual({
      childcareCases: 0,
      childcareSheets: 0,
      attendanceDays: 0,
    });
    const [audit] = await t.db.query<{ n: number }>(
      sql`select count(*)::int as n from audit_log where action = 'retention.purge'`,
    );
    expect(audit!.n).toBe(1);
  });

  it('retention settings are the administrator’s; a PUT with only unknown keys is a 400, not a reset', async () => {
    expect(
      (await call('D00002', 'PUT', '/settings/retention', { value: { attendanceMonths: 24 } })).status,
    ).toBe(403);
    const ok = await call('D00001', 'PUT', '/settings/retention', { value: { attendanceMonths: 24 } });
    expect(ok.status).toBe(200);
    const typo = await call('D00001', 'PUT', '/settings/retention', { value: { attendanceMonth: 12 } });
    expect(typo.status).toBe(400);
    expect(((await typo.json()) as { errors: { where: string }[] }).errors[0]!.where).toBe(
      'retention.attendanceMonth',
    );
    const overtime = await call('D00001', 'PUT', '/settings/overtime', { value: { colour: 'red' } });
    expect(overtime.status).toBe(400);
    const [stored] = await t.db.query<{ value: { attendanceMonths: number } }>(
      sql`select value from setting where key = 'retention'`,
    );
    expect(stored!.value.attendanceMonths).toBe(24);
  });
});
