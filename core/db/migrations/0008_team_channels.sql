-- Channel posts of announcements (issue 7): the teams the bot is installed in, and one row per
-- channel post of an announcement with the same claim/lease/sync columns as announcement_recipient,
-- so channel posts share the limiter, the crash-safety and the no-duplicate guarantee.

create table team_channel (
  team_id                 text primary key,
  name                    text not null,
  -- The General channel's conversation id (in Teams equal to the team id's thread).
  general_conversation_id text not null,
  service_url             text not null,
  tenant_id               text,
  installed_at            timestamptz not null default now(),
  -- Set when the bot is removed from the team; cleared when it is added again.
  removed_at              timestamptz
);

create table announcement_channel_post (
  announcement_id  uuid not null references announcement(id) on delete cascade,
  team_id          text not null references team_channel(team_id),
  conversation_id  text not null,
  state            text not null default 'pending'
                   check (state in ('pending', 'in_flight', 'sent', 'failed', 'undeliverable', 'no_conversation')),
  attempts         integer not null default 0,
  next_attempt_at  timestamptz not null default now(),
  claimed_until    timestamptz,
  last_status      integer,
  last_error       text,
  activity_id      text,
  sent_at          timestamptz,
  synced_revision  integer not null default 1,
  sync_state       text not null default 'idle' check (sync_state in ('idle', 'in_flight', 'failed')),
  sync_attempts    integer not null default 0,
  sync_next_at     timestamptz not null default now(),
  sync_claimed_until timestamptz,
  primary key (announcement_id, team_id)
);

-- Acknowledgements pressed on a channel card: the person who clicked (one row each, first time kept).
create table announcement_channel_ack (
  announcement_id uuid not null references announcement(id) on delete cascade,
  aad_object_id   text not null,
  employee_id     uuid references employee(id),
  team_id         text,
  acked_at        timestamptz not null,
  primary key (announcement_id, aad_object_id)
);
