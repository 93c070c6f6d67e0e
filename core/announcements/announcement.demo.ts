import type { Db } from '../db/db.ts';
import { maybeOne } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { addDays, isWorkingDay, tokyoDateOf, tokyoInstant } from '../shared/calendar.ts';
import { REMINDER_PURPOSE } from './announcement.table.ts';

const REMIND_AFTER_MINUTES = 24 * 60;

/**
 * Demo data for npm start: one announcement sent to everyone with about 60% acknowledged (spread
 * deterministically over the bureaus), one reminder round a day later to those who had not (some
 * acknowledged after it), and one draft. Activity ids are made up: "update"/"recall" on the demo
 * will find no such message in a real Teams and count it as done.
 *
 * `remindDue` is the reminders service's own (the dispatcher's minute): the demo runs it at the
 * time the round fell due, so the outbox holds exactly the rows the product writes.
 */
export async function seedAnnouncementsDemo(
  db: Db,
  remindDue: (now: Date) => Promise<number>,
  now: Date,
): Promise<void> {
  const author = await maybeOne<{ id: string }>(
    db,
    sql`select id from employee where employee_no = 'D00001'`,
  );
  if (!author) return;
  // Sent at 09:00 three working days ago; the reminder round fell due the next working morning.
  let day = tokyoDateOf(now);
  for (let back = 0; back < 3; ) {
    day = addDays(day, -1);
    if (isWorkingDay(day)) back++;
  }
  const sentAt = tokyoInstant(day, '09:00');
  const ids: string[] = [];
  await db.transaction(async (tx) => {
    const [sent] = await tx.query<{ id: string }>(sql`
      insert into announcement (title, body, ack_enabled, language, audience, state, created_by, prepared, recipient_count,
                                reminder_after_minutes, reminder_max, send_started_at, sent_at, created_at)
      values ('年末年始の休暇取得について',
              '12月29日から1月3日までは閉庁日です。\n\n- 年次休暇の計画を**12月15日まで**に提出してください。\n- 緊急連絡先は各課の庶務担当まで。',
              true, 'ja', ${JSON.stringify({ everyone: true, bureauIds: [], sectionIds: [], roles: [], employeeIds: [] })}, 'sent', ${author.id},
              true, (select count(*) from employee where active), ${REMIND_AFTER_MINUTES}, 1, ${sentAt}, ${sentAt}, ${sentAt})
      returning id`);
    const id = (sent as { id: string }).id;
    ids.push(id);
    await tx.query(sql`
      insert into delivery (purpose, subject, recipient, version, op, priority, state, attempts, aad_object_id, conversation_id,
                            activity_id, created_at, sent_at)
      select 'announcement', ${id}, e.id::text, 1, 'send', 2, 'sent', 1, e.entra_oid::text, 'a:' || e.entra_oid::text,
             'demo-' || e.employee_no, ${sentAt}, ${sentAt}
        from employee e where e.active`);
    await tx.query(sql`
      insert into announcement_ack (announcement_id, employee_id, acked_at)
      select ${id}, e.id, ${sentAt}::timestamptz + (abs(hashtext(e.employee_no)) % 600) * interval '1 minute'
        from employee e where e.active and abs(hashtext(e.employee_no)) % 10 < 6`);
    await tx.query(sql`
      insert into announcement (title, body, ack_enabled, language, audience, created_by)
      values ('ストレスチェック受検のお願い', '今年度のストレスチェックを実施します。期間内に受検してください。', true, 'ja',
              ${JSON.stringify({ everyone: false, bureauIds: [], sectionIds: [], roles: ['manager'], employeeIds: [] })}, ${author.id})`);
  });
  const [id] = ids;
  if (!id) return;
  // The dispatcher's run once the round was due (the rows wait for each person's working morning).
  await remindDue(new Date(sentAt.getTime() + REMIND_AFTER_MINUTES * 60_000 + 30 * 60_000));
  // What the outbox worker records once Teams took the cards; a quarter acknowledged after it.
  await db.query(sql`
    update delivery set state = 'sent', attempts = 1, conversation_id = 'a:' || aad_object_id,
           activity_id = 'demo-reminder-' || id, sent_at = ready_at
     where purpose = ${REMINDER_PURPOSE} and subject like ${`${id}:%`} and state = 'due' and ready_at <= ${now}`);
  await db.query(sql`
    insert into announcement_ack (announcement_id, employee_id, acked_at)
    select ${id}, e.id, d.sent_at + (1 + abs(hashtext(e.employee_no)) % 300) * interval '1 minute'
      from delivery d join employee e on e.id = d.recipient::uuid
     where d.purpose = ${REMINDER_PURPOSE} and d.subject like ${`${id}:%`} and d.state = 'sent'
       and abs(hashtext(e.employee_no)) % 4 = 0 and d.sent_at + interval '5 hours' < ${now}
    on conflict do nothing`);
}
