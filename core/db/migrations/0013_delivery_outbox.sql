-- One outbox for every proactive message (issue 16): one row per message to send, edit or delete,
-- keyed by (purpose, subject, recipient, version); one claim over a partial index of what is due;
-- one lease. Announcements' recipient and channel-post rows move here; their acknowledgements get
-- their own table.

create table delivery (
  id              bigint generated always as identity primary key,
  -- What kind of message: announcement, announcement.channel, overtime.alert, leave.reminder, ...
  purpose         text not null,
  -- What it is about within the purpose (announcement id, alert id and kind, campaign and slot).
  subject         text not null,
  -- Who gets it: an employee id, or a team id for a channel post.
  recipient       text not null,
  -- The revision of the content (announcements: 1, then one more per "update"/"recall").
  version         integer not null default 1,
  op              text not null default 'send' check (op in ('send', 'update', 'delete')),
  -- 0 urgent (100 h alerts), 1 personal (reminders, cards to one person), 2 bulk (broadcasts).
  priority        smallint not null default 1 check (priority between 0 and 2),
  -- due → in_flight (leased) → sent | undeliverable | no_conversation | failed; cancelled when moot.
  state           text not null default 'due'
                  check (state in ('due', 'in_flight', 'sent', 'undeliverable', 'no_conversation', 'failed', 'cancelled')),
  -- due: not before this instant (retry, Retry-After, quiet hours); in_flight: the lease's end.
  -- One column for both keeps the claim a single range scan of one partial index.
  ready_at        timestamptz not null default now(),
  attempts        integer not null default 0,
  -- 429s seen for this message (progress shows them as throttled).
  throttled       integer not null default 0,
  aad_object_id   text,
  -- Where it goes: the stored 1:1 conversation is looked up at send time when these are null;
  -- channel posts and edits carry their conversation (and its service URL) here.
  conversation_id text,
  service_url     text,
  activity_id     text,
  -- The card, when the purpose does not render it at send time (announcements do, from their row).
  card            jsonb,
  summary         text,
  last_status     integer,
  last_error      text,
  claimed_by      text,
  created_at      timestamptz not null default now(),
  sent_at         timestamptz,
  unique (purpose, subject, recipient, version)
);
-- The claim reads this index only: its size is what is due or in flight, never what is done.
create index delivery_due_idx on delivery (priority, ready_at) where state in ('due', 'in_flight');
-- Progress and "is anything left" per announcement (or alert, campaign).
create index delivery_subject_idx on delivery (purpose, subject, state);
create index delivery_sent_at_idx on delivery (purpose, subject, sent_at) where state = 'sent';

create table announcement_ack (
  announcement_id uuid not null references announcement(id) on delete cascade,
  employee_id     uuid not null references employee(id),
  acked_at        timestamptz not null,
  primary key (announcement_id, employee_id)
);

-- Existing announcement deliveries keep their history; rows that were in flight are due again
-- (their sender is gone once this runs at start).
insert into delivery (purpose, subject, recipient, version, op, priority, state, ready_at, attempts, aad_object_id,
                      conversation_id, activity_id, last_status, last_error, created_at, sent_at)
select 'announcement', r.announcement_id::text, r.employee_id::text, 1, 'send', 2,
       case r.state when 'pending' then 'due' when 'in_flight' then 'due' else r.state end,
       r.next_attempt_at, r.attempts, r.aad_object_id, r.conversation_id, r.activity_id, r.last_status, r.last_error,
       coalesce(r.sent_at, now()), r.sent_at
  from announcement_recipient r;

insert into delivery (purpose, subject, recipient, version, op, priority, state, ready_at, attempts,
                      conversation_id, service_url, activity_id, last_status, last_error, created_at, sent_at)
select 'announcement.channel', p.announcement_id::text, p.team_id, 1, 'send', 2,
       case p.state when 'pending' then 'due' when 'in_flight' then 'due' else p.state end,
       p.next_attempt_at, p.attempts, p.conversation_id, t.service_url, p.activity_id, p.last_status, p.last_error,
       coalesce(p.sent_at, now()), p.sent_at
  from announcement_channel_post p join team_channel t on t.team_id = p.team_id;

-- Edits still owed after an "update"/"recall" that had not reached everyone.
insert into delivery (purpose, subject, recipient, version, op, priority, aad_object_id, conversation_id, activity_id)
select 'announcement', r.announcement_id::text, r.employee_id::text, a.revision,
       case when a.recall_mode = 'delete' then 'delete' else 'update' end, 2, r.aad_object_id, r.conversation_id, r.activity_id
  from announcement_recipient r join announcement a on a.id = r.announcement_id
 where r.state = 'sent' and r.synced_revision < a.revision and r.activity_id is not null;

insert into announcement_ack (announcement_id, employee_id, acked_at)
select announcement_id, employee_id, acked_at from announcement_recipient where acked_at is not null;

-- Nothing reads these any more: delivery state lives in `delivery`.
drop table announcement_recipient;
drop table announcement_channel_post;
alter table announcement drop column lane_heartbeat_at;

-- The limiter's shared clock also keeps the pacing factor every process applies (cut after a 429,
-- restored while none come), so instances adapt together.
alter table rate_limit_slot add column factor float8 not null default 1;

-- Edits of a sent card go to the service URL of that card's conversation.
create index conversation_ref_conversation_idx on conversation_ref (conversation_id);
