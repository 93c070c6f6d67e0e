-- One outbox for every proactive message (issue 16, second part): the per-feature delivery tables
-- become reads of `delivery`. Their history moves there (what was sent to whom, when); messages
-- still waiting (overtime quiet hours) move there as due; claims a run left behind are not moved
-- (the outbox row of such a message, if it was enqueued, is already in `delivery`; if it was not,
-- the feature's next run asks again under the same key).

-- Overtime alert messages are keyed by the recipient's employee id (the card is rendered at send
-- time and the tab lists recipients by employee); rows written through sendCard used the Entra id.
update delivery d set recipient = e.id::text
  from employee e
 where d.purpose = 'overtime.alert' and d.op = 'send' and d.recipient = e.entra_oid::text
   and not exists (select 1 from delivery x where x.purpose = d.purpose and x.subject = d.subject
                      and x.recipient = e.id::text and x.version = d.version);

insert into delivery (purpose, subject, recipient, priority, state, ready_at, aad_object_id, conversation_id,
                      activity_id, last_error, created_at, sent_at)
select 'overtime.alert', o.alert_id::text || ':' || o.kind, o.recipient_id::text,
       case when a.level = 'month100' and o.recipient_role = 'manager' then 0 else 1 end,
       case o.status when 'sent' then 'sent' when 'no_conversation' then 'no_conversation'
                     when 'failed' then 'undeliverable' else 'due' end,
       case when o.status in ('pending', 'sending') then o.not_before else o.created_at end,
       e.entra_oid::text, o.conversation_id, o.activity_id, o.error, o.created_at, o.sent_at
  from overtime_alert_delivery o
  join overtime_alert a on a.id = o.alert_id
  join employee e on e.id = o.recipient_id
on conflict (purpose, subject, recipient, version) do nothing;

insert into delivery (purpose, subject, recipient, priority, state, ready_at, aad_object_id, activity_id, created_at, sent_at)
select 'overtime.report', to_char(r.report_month, 'YYYY-MM'), e.entra_oid::text, 1,
       case r.status when 'sent' then 'sent' when 'no_conversation' then 'no_conversation' else 'undeliverable' end,
       r.created_at, e.entra_oid::text, r.activity_id, r.created_at,
       case when r.status = 'sent' then r.created_at end
  from overtime_report_delivery r join employee e on e.id = r.recipient_id
 where r.status <> 'pending' and e.entra_oid is not null
on conflict (purpose, subject, recipient, version) do nothing;

insert into delivery (purpose, subject, recipient, priority, state, ready_at, aad_object_id, conversation_id,
                      activity_id, last_error, created_at, sent_at)
select 'leave.reminder', r.campaign_id::text || ':' || r.slot, e.entra_oid::text, 1,
       case when r.status = 'sent' then 'sent' when r.reason = 'no_conversation' then 'no_conversation' else 'undeliverable' end,
       r.claimed_at, e.entra_oid::text, r.conversation_id, r.activity_id, r.reason, r.claimed_at, r.sent_at
  from leave_reminder_delivery r join employee e on e.id = r.employee_id
 where r.status <> 'claimed' and e.entra_oid is not null
on conflict (purpose, subject, recipient, version) do nothing;

insert into delivery (purpose, subject, recipient, priority, state, ready_at, aad_object_id, created_at, sent_at)
select 'leave.nudge', n.year::text || ':' || n.audience, e.entra_oid::text, 1,
       case when n.status = 'sent' then 'sent' else 'undeliverable' end,
       n.claimed_at, e.entra_oid::text, n.claimed_at, case when n.status = 'sent' then n.claimed_at end
  from leave_nudge_delivery n join employee e on e.id = n.recipient_id
 where n.status <> 'claimed' and e.entra_oid is not null
on conflict (purpose, subject, recipient, version) do nothing;

insert into delivery (purpose, subject, recipient, priority, state, ready_at, aad_object_id, conversation_id,
                      activity_id, created_at, sent_at)
select 'childcare.reminder', r.key, e.entra_oid::text, 1,
       case when r.status = 'sent' then 'sent' else 'undeliverable' end,
       r.claimed_at, e.entra_oid::text, r.conversation_id, r.activity_id, r.claimed_at, r.sent_at
  from childcare_reminder_delivery r
  join childcare_case c on c.id = r.case_id
  join employee e on e.id = c.employee_id
 where r.status <> 'sending' and e.entra_oid is not null
on conflict (purpose, subject, recipient, version) do nothing;

drop table overtime_alert_delivery;
drop table overtime_report_delivery;
drop table leave_reminder_delivery;
drop table leave_nudge_delivery;
drop table childcare_reminder_delivery;
