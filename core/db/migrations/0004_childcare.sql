-- Childcare-leave plans for male staff (育児シート / 取得計画書), SPEC §5.
-- Spouse details (due date, situation) live only in the sheet answers; the manager never reads them.

-- One case per expected birth. At most one open case per person.
create table childcare_case (
  id              uuid primary key default gen_random_uuid(),
  employee_id     uuid not null references employee(id),
  -- invited: HR/WLB asked, sheet not filled; started: the person (or a report) opened it;
  -- submitted: a valid sheet is saved; closed: withdrawn or done.
  status          text not null check (status in ('invited', 'started', 'submitted', 'closed')),
  source          text not null check (source in ('self', 'invite', 'report')),
  invited_by      uuid references employee(id),
  reported_on     date not null,
  -- Copies of the current sheet's dates, for lists and the birth recompute; the sheet is the truth.
  due_date        date,
  birth_date      date,
  multiple_birth  boolean not null default false,
  current_version integer not null default 0,
  consent         boolean not null default false,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now()
);
create unique index childcare_case_open_idx on childcare_case (employee_id) where status <> 'closed';

-- Every saved sheet is a new version: an edit never overwrites the one before.
create table childcare_sheet_version (
  case_id      uuid not null references childcare_case(id),
  version      integer not null check (version > 0),
  answers      jsonb not null,
  submitted_by uuid not null references employee(id),
  submitted_at timestamptz not null default now(),
  primary key (case_id, version)
);

-- Consent to share with the manager: the current value is on the case, the history here.
create table childcare_consent_event (
  id         bigint generated always as identity primary key,
  case_id    uuid not null references childcare_case(id),
  granted    boolean not null,
  by_id      uuid not null references employee(id),
  at         timestamptz not null default now()
);
create index childcare_consent_case_idx on childcare_consent_event (case_id, id);

-- The card the manager got (to update it when the plan changes or consent is withdrawn).
create table childcare_manager_share (
  case_id          uuid not null references childcare_case(id),
  manager_id       uuid not null references employee(id),
  conversation_id  text,
  activity_id      text,
  shared_version   integer,
  shared_at        timestamptz,
  withdrawn_at     timestamptz,
  primary key (case_id, manager_id)
);

-- "Coverage arranged" by the manager, per sheet version they saw.
create table childcare_coverage_ack (
  case_id         uuid not null references childcare_case(id),
  manager_id      uuid not null references employee(id),
  sheet_version   integer not null,
  acknowledged_at timestamptz not null default now(),
  primary key (case_id, manager_id, sheet_version)
);

-- Reminders and information sets: the key (case:type:what:date) makes each one go out once,
-- however many instances run the job. 'sending' is a claim; a stale claim may be taken over.
create table childcare_reminder_delivery (
  key             text primary key,
  case_id         uuid not null references childcare_case(id),
  type            text not null,
  send_on         date not null,
  status          text not null check (status in ('sending', 'sent', 'undeliverable')),
  claimed_at      timestamptz not null default now(),
  sent_at         timestamptz,
  conversation_id text,
  activity_id     text
);
create index childcare_reminder_case_idx on childcare_reminder_delivery (case_id);

-- ワークライフバランスシート: wishes about work and life, shared with HR. Versioned like the sheet.
create table childcare_wlb_sheet (
  employee_id  uuid not null references employee(id),
  version      integer not null check (version > 0),
  case_id      uuid references childcare_case(id),
  answers      jsonb not null,
  submitted_at timestamptz not null default now(),
  primary key (employee_id, version)
);
