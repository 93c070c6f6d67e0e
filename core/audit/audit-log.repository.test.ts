import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { findEmployeeByNo, listBureaus } from '../org/org.repository.ts';
import { importOrgCsv } from '../org/org-import.service.ts';
import { settingsMeta, writeSetting } from '../settings/settings.repository.ts';
import { writeAudit } from './audit.repository.ts';
import { auditActions, queryAuditLog } from './audit-log.repository.ts';

/** The 監査 and 設定 screens' reads, moved out of the routes (issue 17): what an administrator sees. */
describe('the audit log as the 監査 screen reads it', () => {
  let t: TestDatabase;
  let admin: string;
  let staff: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    await importOrgCsv(t.db, await readFile(new URL('../../test/fixtures/org-sample.csv', import.meta.url)), {
      id: null,
      label: 'test',
    });
    admin = (await findEmployeeByNo(t.db, 'S0001'))!.id;
    staff = (await findEmployeeByNo(t.db, 'S0002'))!.id;
    // The log is append-only (the org import wrote its own entries): this test's actions are `probe.*`.
    await writeAudit(t.db, {
      actorId: admin,
      action: 'probe.leave.read',
      targetType: 'employee',
      targetId: staff,
    });
    await writeAudit(t.db, { actorId: staff, action: 'probe.leave.export', detail: { rows: 3 } });
    await writeAudit(t.db, { actorId: null, actorLabel: 'job', action: 'probe.purge' });
  });
  afterAll(() => t.drop());

  it('names actor and target as people know them, newest first', async () => {
    const [newest, , oldest] = await queryAuditLog(t.db, { action: 'probe.' }, 10);
    expect(oldest).toMatchObject({
      action: 'probe.leave.read',
      actorNo: 'S0001',
      actorName: '山田 太郎',
      targetType: 'employee',
      targetName: '佐藤 花子（S0002）',
    });
    expect(newest?.action).toBe('probe.purge');
    expect(newest).toMatchObject({
      actorId: null,
      actorName: 'job',
    });
  });

  it('filters by action prefix, actor and Japan day, and pages by id', async () => {
    const actions = async (f: Parameters<typeof queryAuditLog>[1]) =>
      (await queryAuditLog(t.db, f, 10)).map((e) => e.action);
    expect(await actions({ action: 'probe.leave.' })).toEqual(['probe.leave.export', 'probe.leave.read']);
    expect(await actions({ action: 'probe.', actor: 'S0002' })).toEqual(['probe.leave.export']);
    // Days are Japan's: today's entries are found under today's date in Tokyo, not under yesterday's.
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect(await actions({ action: 'probe.purge', from: today, to: today })).toEqual(['probe.purge']);
    expect(await actions({ action: 'probe.purge', to: yesterday })).toEqual([]);
    const [newest] = await queryAuditLog(t.db, { action: 'probe.' }, 1);
    expect(await actions({ action: 'probe.', before: newest!.id })).toEqual([
      'probe.leave.export',
      'probe.leave.read',
    ]);
    expect(await auditActions(t.db)).toEqual(
      expect.arrayContaining(['probe.leave.export', 'probe.leave.read', 'probe.purge']),
    );
  });

  it('tells who last changed a setting, and lists the bureaus in the ministry’s order', async () => {
    expect((await settingsMeta(t.db)).find((m) => m.key === 'quietHours')).toBeUndefined();
    await writeSetting(t.db, 'quietHours', { start: '19:00', end: '09:30' }, admin);
    expect((await settingsMeta(t.db)).find((m) => m.key === 'quietHours')).toEqual({
      key: 'quietHours',
      updatedAt: expect.any(String),
      updatedBy: '山田 太郎',
    });
    const bureaus = await listBureaus(t.db);
    expect(bureaus.map((b) => b.code)).toContain('B01');
    expect(bureaus[0]).toEqual({
      id: expect.any(String),
      code: expect.any(String),
      name: expect.any(String),
    });
  });
});
