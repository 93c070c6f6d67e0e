-- Issue 20 (announcements half): what finishes the job after the first send.

-- Reminders to people who have not acknowledged: the first after `reminder_after_minutes` from the
-- start of sending, then every as many minutes again, at most `reminder_max` times. The reminder
-- messages themselves are outbox rows (purpose 'announcement.reminder', subject '<id>:<round>'):
-- their unique key makes each round once-only per person, however many processes look.
alter table announcement
  add column reminder_after_minutes integer check (reminder_after_minutes between 60 and 20160),
  add column reminder_max smallint not null default 0 check (reminder_max between 0 and 5);

-- "Who was reminded" per announcement reads the reminder rows by subject prefix.
create index delivery_reminder_idx on delivery (subject text_pattern_ops) where purpose = 'announcement.reminder';

-- Recurring announcements: one series (content, audience, rule), approved once; each occurrence is
-- an ordinary announcement row (tracked, acknowledged, reminded like any other) made from it when
-- it is next due. The unique index makes each occurrence once-only whichever process makes it.
create table announcement_series (
  id           uuid primary key default gen_random_uuid(),
  -- The announcement as composed (title, body, links, files, ack, language, audience, reminders).
  content      jsonb not null,
  -- { frequency, weekdays, dayOfMonth, time, onHoliday, startsOn, endsOn } in Japan time.
  recurrence   jsonb not null,
  state        text not null default 'active' check (state in ('pending_approval', 'active', 'stopped')),
  created_by   uuid not null references employee(id),
  -- Four eyes apply to the series once: its occurrences go out without another approval; an
  -- edit of the series needs it again.
  approved_by  uuid references employee(id),
  updated_by   uuid references employee(id),
  stopped_at   timestamptz,
  -- Occurrences before this instant (the app's clock at approval or edit) are never made.
  effective_from timestamptz not null,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now()
);

alter table announcement
  add column series_id uuid references announcement_series(id),
  add column occurrence_date date;
create unique index announcement_occurrence_idx on announcement (series_id, occurrence_date) where series_id is not null;

-- Audiences from Entra groups (Microsoft 365 groups, security groups, distribution lists): the
-- group's transitive user members as of the last expansion through Graph, mapped to the register.
-- Expanded when HR adds the group and again when an announcement to it starts sending.
create table entra_group (
  group_id        uuid primary key,
  display_name    text not null,
  kind            text not null check (kind in ('microsoft365', 'security', 'mail_security', 'distribution')),
  -- Users Graph listed, and those of them not in the staff register (left out of the audience).
  member_count    integer not null,
  not_in_register integer not null,
  expanded_at     timestamptz not null
);
create table entra_group_member (
  group_id    uuid not null references entra_group(group_id) on delete cascade,
  employee_id uuid not null references employee(id),
  primary key (group_id, employee_id)
);
create index entra_group_member_employee_idx on entra_group_member (employee_id);

-- Files: links to SharePoint / OneDrive files, shown as buttons. Only the link is kept (no file
-- storage of ours); it must be https and on one of the tenant's domains (設定 › お知らせの配信).
alter table announcement add column files jsonb not null default '[]';

-- E-mail fallback (off by default, 設定): people the bot could not reach in Teams (no conversation,
-- app blocked or removed) get the announcement as an e-mail from the shared mailbox through Graph.
-- Not a Teams delivery, so not an outbox row: one row per announcement and person, written before
-- the mail is sent, so a second process (or a crash and restart) never sends it again.
create table announcement_mail (
  announcement_id uuid not null references announcement(id) on delete cascade,
  employee_id     uuid not null references employee(id),
  state           text not null check (state in ('sending', 'sent', 'failed', 'no_address')),
  address         text,
  last_error      text,
  created_at      timestamptz not null default now(),
  sent_at         timestamptz,
  primary key (announcement_id, employee_id)
);

-- Templates: an announcement saved to start the next one from (text, buttons, files, audience,
-- reminders). A template sends nothing; a draft made from it is checked like any other.
create table announcement_template (
  id          uuid primary key default gen_random_uuid(),
  name        text not null unique check (length(name) between 1 and 80),
  content     jsonb not null,
  created_by  uuid not null references employee(id),
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);
