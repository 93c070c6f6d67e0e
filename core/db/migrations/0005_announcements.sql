-- Ministry-wide announcements (一斉周知): the announcement, one row per recipient with its delivery
-- state, and the rate-limit state every app instance shares.

create table announcement (
  id               uuid primary key default gen_random_uuid(),
  title            text not null,
  -- Markdown subset that Adaptive Card TextBlocks render (bold, italic, lists, links).
  body             text not null,
  image_url        text,
  links            jsonb not null default '[]',
  ack_enabled      boolean not null default false,
  language         text not null default 'ja' check (language in ('ja', 'en')),
  -- { everyone, bureauIds[], sectionIds[], roles[], employeeIds[] } (union of the parts)
  audience         jsonb not null,
  state            text not null default 'draft'
                   check (state in ('draft', 'pending_approval', 'scheduled', 'sending', 'sent', 'cancelled')),
  created_by       uuid not null references employee(id),
  approved_by      uuid references employee(id),
  scheduled_at     timestamptz,
  -- Recipient rows are written in keyset batches; the cursor lets a restarted job continue.
  prepared         boolean not null default false,
  prepare_cursor   uuid,
  recipient_count  integer,
  send_started_at  timestamptz,
  sent_at          timestamptz,
  -- Bumped by "update" and "recall": recipients whose synced_revision is lower get an edit.
  revision         integer not null default 1,
  recalled_at      timestamptz,
  recall_mode      text check (recall_mode in ('delete', 'notice')),
  -- Senders touch this while they work; the dispatcher starts new ones when it goes stale.
  lane_heartbeat_at timestamptz,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now()
);
create index announcement_state_idx on announcement (state, scheduled_at);

create table announcement_recipient (
  announcement_id  uuid not null references announcement(id) on delete cascade,
  employee_id      uuid not null references employee(id),
  aad_object_id    text,
  bureau_id        uuid,
  -- pending → in_flight → sent | failed | undeliverable | no_conversation.
  -- in_flight carries a lease (claimed_until): a crashed sender's rows are claimed again after it.
  state            text not null default 'pending'
                   check (state in ('pending', 'in_flight', 'sent', 'failed', 'undeliverable', 'no_conversation')),
  attempts         integer not null default 0,
  next_attempt_at  timestamptz not null default now(),
  claimed_until    timestamptz,
  last_status      integer,
  last_error       text,
  conversation_id  text,
  activity_id      text,
  sent_at          timestamptz,
  -- Follow-up edits (update/recall) of a sent card: the revision the recipient now sees.
  synced_revision  integer not null default 1,
  sync_state       text not null default 'idle' check (sync_state in ('idle', 'in_flight', 'failed')),
  sync_attempts    integer not null default 0,
  sync_next_at     timestamptz not null default now(),
  sync_claimed_until timestamptz,
  acked_at         timestamptz,
  primary key (announcement_id, employee_id)
);
create index announcement_recipient_work_idx on announcement_recipient (announcement_id, state, next_attempt_at);
create index announcement_recipient_sync_idx on announcement_recipient (announcement_id, synced_revision) where state = 'sent';

-- Token state of the one limiter shared by every process: `next_free` is the earliest instant the
-- next request may start (a reservation clock: each caller takes a slot and moves it on).
create table rate_limit_slot (
  key        text primary key,
  next_free  timestamptz not null
);

-- Recent request instants per conversation (Teams: 7/1 s, 8/2 s, 60/30 s, 1800/h per conversation).
-- Pruned to the longest window on every write.
create table rate_limit_conversation (
  conversation_id text primary key,
  sent_at_ms      bigint[] not null default '{}'
);
