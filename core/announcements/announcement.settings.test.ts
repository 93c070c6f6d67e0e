import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/harness/db.ts';
import { sql } from '../db/sql.ts';
import { announcementSettingsSchema, createSettingsReader } from './announcement.settings.ts';

describe('announcement settings', () => {
  it('still reads a row stored with the retired `lanes` key, keeping its other values', async () => {
    const t = await createTestDatabase();
    try {
      await t.db.query(
        sql`insert into setting (key, value) values ('announcements', ${JSON.stringify({ lanes: 4, concurrency: 3 })})`,
      );
      const s = await createSettingsReader(t.db, 50).read(true);
      expect(s.concurrency).toBe(3);
      expect('lanes' in s).toBe(false);
      // 設定 saves what parses: the retired key is dropped, not refused.
      expect(announcementSettingsSchema.parse({ lanes: 4, maxAttempts: 5 })).toEqual({ maxAttempts: 5 });
    } finally {
      await t.drop();
    }
  });
});

describe('file domains (設定)', () => {
  it("refuses a domain every tenant shares: it would let another tenant's files through", () => {
    for (const shared of [
      'sharepoint.com',
      'SharePoint.com',
      'onmicrosoft.com',
      '1drv.ms',
      'onedrive.live.com',
    ]) {
      const r = announcementSettingsSchema.safeParse({ fileDomains: [shared] });
      expect(r.success, shared).toBe(false);
      expect(r.error?.issues[0]).toMatchObject({ params: { key: 'announcement.file_domain_shared' } });
    }
    expect(
      announcementSettingsSchema.safeParse({ fileDomains: ['mic.sharepoint.com', 'mic-my.sharepoint.com'] })
        .success,
    ).toBe(true);
  });
});
