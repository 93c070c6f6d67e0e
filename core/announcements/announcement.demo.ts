import type { Db } from '../db/db.ts';
import { maybeOne } from '../db/db.ts';
import { sql } from '../db/sql.ts';

/**
 * Demo data for npm start: one announcement sent to everyone with about 60% acknowledged (spread
 * deterministically over the bureaus), and one draft. Activity ids are made up: "update"/"recall"
 * on the demo will find no such message in a real Teams and count it as done.
 */
export async function seedAnnouncementsDemo(db: Db): Promise<void> {
  const author = await maybeOne<{ id: string }>(
    db,
    sql`select id from employee where employee_no = 'D00001'`,
  );
  if (!author) return;
  await db.transaction(async (tx) => {
    const [sent] = await tx.query<{ id: string }>(sql`
      insert into announcement (title, body, ack_enabled, language, audience, state, created_by, prepared, recipient_count,
                                send_started_at, sent_at, created_at)
      values ('年末年始の休暇取得について',
              '12月29日から1月3日までは閉庁日です。\n\n- 年次休暇の計画を**12月15日まで**に提出してください。\n- 緊急連絡先は各課の庶務担当まで。',
              true, 'ja', ${JSON.stringify({ everyone: true, bureauIds: [], sectionIds: [], roles: [], employeeIds: [] })}, 'sent', ${author.id},
              true, (select count(*) from employee where active), now() - interval '2 days', now() - interval '2 days', now() - interval '2 days')
      returning id`);
    const id = (sent as { id: string }).id;
    await tx.query(sql`
      insert into delivery (purpose, subject, recipient, version, op, priority, state, attempts, aad_object_id, conversation_id,
                            activity_id, created_at, sent_at)
      select 'announcement', ${id}, e.id::text, 1, 'send', 2, 'sent', 1, e.entra_oid::text, 'a:' || e.entra_oid::text,
             'demo-' || e.employee_no, now() - interval '2 days', now() - interval '2 days'
        from employee e where e.active`);
    await tx.query(sql`
      insert into announcement_ack (announcement_id, employee_id, acked_at)
      select ${id}, e.id, now() - interval '2 days' + (abs(hashtext(e.employee_no)) % 600) * interval '1 minute'
        from employee e where e.active and abs(hashtext(e.employee_no)) % 10 < 6`);
    await tx.query(sql`
      insert into announcement (title, body, ack_enabled, language, audience, created_by)
      values ('ストレスチェック受検のお願い', '今年度のストレスチェックを実施します。期間内に受検してください。', true, 'ja',
              ${JSON.stringify({ everyone: false, bureauIds: [], sectionIds: [], roles: ['manager'], employeeIds: [] })}, ${author.id})`);
  });
}
