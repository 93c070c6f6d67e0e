-- Leave-plan campaigns (休暇の使用計画表): campaigns, people's plans (versioned), reminder deliveries,
-- annual leave grants and leave taken (until the attendance import feeds it), mid-year nudges.

create table leave_campaign (
  id                      uuid primary key default gen_random_uuid(),
  kind                    text not null check (kind in ('gw', 'summer', 'year_end', 'custom')),
  title                   text not null,
  period_start            date not null,
  period_end              date not null,
  opening_date            date not null,
  deadline                date not null,
  reminder_time           text not null default '09:30',
  reminder_at_opening     boolean not null default true,
  reminder_days_before    integer[] not null default '{3,1}',
  message_ja              text not null,
  message_en              text,
  summer_max_days         integer not null default 3,
  allowed_kinds           text[] not null,
  half_day_allowed        boolean not null default true,
  coverage_warning_share  numeric not null default 0.5,
  low_response_rate       numeric not null default 0.8,
  -- null: ministry-wide (HR); a bureau: opened by that bureau's WLB officer, who may target only it.
  bureau_scope            uuid references bureau(id),
  created_by              uuid references employee(id),
  created_at              timestamptz not null default now(),
  check (period_end >= period_start),
  check (deadline >= opening_date)
);
create index leave_campaign_deadline_idx on leave_campaign (deadline);

create table leave_campaign_target (
  campaign_id  uuid not null references leave_campaign(id) on delete cascade,
  target_type  text not null check (target_type in ('ministry', 'bureau', 'section')),
  target_id    text not null,
  primary key (campaign_id, target_type, target_id)
);

-- One current plan per person per campaign; every edit is a new version, old versions stay.
create table leave_plan (
  id               uuid primary key default gen_random_uuid(),
  campaign_id      uuid not null references leave_campaign(id) on delete cascade,
  employee_id      uuid not null references employee(id),
  current_version  integer not null,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  unique (campaign_id, employee_id)
);

create table leave_plan_version (
  plan_id       uuid not null references leave_plan(id) on delete cascade,
  version       integer not null,
  note          text,
  submitted_by  uuid references employee(id),
  submitted_at  timestamptz not null default now(),
  primary key (plan_id, version)
);

create table leave_plan_day (
  plan_id  uuid not null,
  version  integer not null,
  day      date not null,
  kind     text not null check (kind in ('annual_full', 'annual_am', 'annual_pm', 'summer', 'special_other')),
  primary key (plan_id, version, day),
  foreign key (plan_id, version) references leave_plan_version(plan_id, version) on delete cascade
);

-- One row per reminder slot per person: the primary key is what makes a reminder go exactly once,
-- whichever instance of the job claims it first. Slots: 'opening', 'deadline-3d', 'chief-summary'.
create table leave_reminder_delivery (
  campaign_id      uuid not null references leave_campaign(id) on delete cascade,
  employee_id      uuid not null references employee(id),
  slot             text not null,
  status           text not null default 'claimed' check (status in ('claimed', 'sent', 'undeliverable')),
  reason           text,
  conversation_id  text,
  activity_id      text,
  claimed_at       timestamptz not null default now(),
  sent_at          timestamptz,
  primary key (campaign_id, employee_id, slot)
);

-- Annual leave (年次休暇) is granted per calendar year; without a row the standard 20 days apply.
create table leave_grant (
  employee_id        uuid not null references employee(id),
  year               integer not null,
  granted_days       numeric not null default 20,
  carried_over_days  numeric not null default 0,
  primary key (employee_id, year)
);

-- Leave actually taken (days; an hourly leave is already converted). The attendance import upserts here.
create table leave_taken (
  employee_id  uuid not null references employee(id),
  day          date not null,
  kind         text not null check (kind in ('annual', 'summer', 'special', 'other')),
  days         numeric not null check (days > 0 and days <= 1),
  source       text not null default 'attendance',
  primary key (employee_id, day, kind)
);
create index leave_taken_day_idx on leave_taken (day);

-- The end-of-June nudge: once per person (or manager) per year.
create table leave_nudge_delivery (
  year          integer not null,
  recipient_id  uuid not null references employee(id),
  audience      text not null check (audience in ('employee', 'manager')),
  status        text not null default 'claimed' check (status in ('claimed', 'sent', 'undeliverable')),
  claimed_at    timestamptz not null default now(),
  primary key (year, recipient_id, audience)
);
