-- Attendance days and overtime: raw days, maintained monthly/yearly totals, section/bureau
-- aggregates, alerts and their follow-up. SPEC §3.
--
-- Readers (dashboards, alerts, reports) use overtime_month / overtime_year / overtime_section_month /
-- overtime_bureau_month and never scan attendance_day: the import keeps those tables in step with
-- the days inside the same transaction (core/attendance/attendance-import.repository.ts).
--
-- Months are stored as `date` on the 1st of the month (check constraints keep them so); in
-- TypeScript they are 'YYYY-MM' strings (core/overtime/year-month.ts), to_char(month, 'YYYY-MM').
-- All minutes are whole minutes. Dates are Japan (Asia/Tokyo) calendar dates.

-- One import (CSV file, API batch or the demo generator): who brought which rows in, for the audit.
create table attendance_import (
  id            bigint generated always as identity primary key,
  source        text not null check (source in ('csv', 'api', 'demo')),
  file_name     text,
  -- sha-256 of the uploaded bytes (csv) or the JSON batch: a re-import shows up in the history.
  checksum      text,
  row_count     integer not null,
  -- Days whose values actually changed (a re-import of the same file reports 0).
  changed_count integer not null default 0,
  imported_by   uuid references employee(id),
  imported_at   timestamptz not null default now()
);

-- One employee's day. Upserted by (employee_id, work_date): a re-import of the same rows is a no-op.
-- No foreign keys here, on purpose: rows enter only through the set-based merge, which joins employee
-- (so every employee_id exists; employees are deactivated, never deleted), and per-row FK triggers
-- made bulk loads several times slower (1M-row imports, the demo generator).
create table attendance_day (
  employee_id        uuid not null,
  work_date          date not null,
  start_time         time,
  end_time           time,
  -- The end (log-off) is on the next day (night work, only with the mapping's allowOvernight).
  ends_next_day      boolean not null default false,
  overtime_minutes   integer not null check (overtime_minutes between 0 and 1440),
  leave_type         text,
  leave_days         numeric(3, 1) check (leave_days between 0 and 1),
  leave_minutes      integer check (leave_minutes between 0 and 1440),
  -- 在庁時間 beyond the regular hours where the attendance app records it (counts for the 100 h duty).
  in_office_minutes  integer check (in_office_minutes between 0 and 1440),
  -- Terminal log-on/off, Japan local time.
  logon_at           timestamp,
  logoff_at          timestamp,
  -- The import that last changed the row (attendance_import.id).
  import_id          bigint not null,
  updated_at         timestamptz not null default now(),
  primary key (employee_id, work_date)
);

-- Per person per month. section_id / is_managerial are the person's at the last import of that month,
-- so history stays with the section the hours were worked in when people move.
create table overtime_month (
  employee_id        uuid not null references employee(id),
  month              date not null check (extract(day from month) = 1),
  section_id         uuid not null references section(id),
  is_managerial      boolean not null,
  overtime_minutes   integer not null,
  in_office_minutes  integer not null default 0,
  days_recorded      integer not null,
  -- The last date with a row: the pace projection counts working days up to here.
  last_work_date     date not null,
  updated_at         timestamptz not null default now(),
  primary key (employee_id, month)
);
create index overtime_month_month_idx on overtime_month (month, section_id);

-- Per person per overtime year (April–March, 人事院規則15-14's 1年 as we read it).
create table overtime_year (
  employee_id        uuid not null references employee(id),
  fiscal_year        integer not null,
  overtime_minutes   integer not null,
  -- Months of the year over 45 h (他律部署: at most 6).
  months_over_45h    integer not null,
  updated_at         timestamptz not null default now(),
  primary key (employee_id, fiscal_year)
);

-- Per section per month, recomputed from overtime_month for every (section, month) an import touched.
-- "nm_" columns count non-managerial staff only (the plan's targets exclude 管理職); ge_100h counts
-- everyone (managers are still alerted at 100 h). The bands 45/80/100 h are the plan's reporting
-- bands, fixed here; the alert thresholds themselves are settings.
create table overtime_section_month (
  section_id         uuid not null references section(id),
  month              date not null check (extract(day from month) = 1),
  staff_count        integer not null,
  total_minutes      bigint not null,
  nm_staff_count     integer not null,
  nm_total_minutes   bigint not null,
  nm_ge_45h          integer not null,
  nm_ge_80h          integer not null,
  nm_ge_100h         integer not null,
  ge_100h            integer not null,
  updated_at         timestamptz not null default now(),
  primary key (section_id, month)
);
create index overtime_section_month_month_idx on overtime_section_month (month);

-- Per bureau per month: the sum of its sections' rows, recomputed with them.
create table overtime_bureau_month (
  bureau_id          uuid not null references bureau(id),
  month              date not null check (extract(day from month) = 1),
  staff_count        integer not null,
  total_minutes      bigint not null,
  nm_staff_count     integer not null,
  nm_total_minutes   bigint not null,
  nm_ge_45h          integer not null,
  nm_ge_80h          integer not null,
  nm_ge_100h         integer not null,
  ge_100h            integer not null,
  updated_at         timestamptz not null default now(),
  primary key (bureau_id, month)
);
create index overtime_bureau_month_month_idx on overtime_bureau_month (month);

-- An alert, once per employee + period + level (the unique key is what makes two job runners send it
-- once: the runner whose INSERT ... ON CONFLICT DO NOTHING RETURNING gets the row sends it).
-- level: pace80 pace100 month45 month80 month100 annual360 annual720 avg80 count45 (overtime.rules.ts).
-- period: the month; for the annual levels the first month (April) of the overtime year.
create table overtime_alert (
  id                 bigint generated always as identity primary key,
  employee_id        uuid not null references employee(id),
  period             date not null check (extract(day from period) = 1),
  level              text not null,
  value_minutes      integer not null,
  threshold_minutes  integer not null,
  detail             jsonb not null default '{}',
  -- Japan date the alert was raised: reminders/escalation count working days from it.
  raised_on          date not null,
  created_at         timestamptz not null default now(),
  -- Follow-up (100 h alerts to the manager): open → acted. Other levels are informational ('none').
  follow_up          text not null default 'none' check (follow_up in ('none', 'open', 'acted')),
  -- The manager the alert was addressed to (at raise time) and who acted.
  manager_id         uuid references employee(id),
  acted_by           uuid references employee(id),
  acted_at           timestamptz,
  reminded_at        timestamptz,
  escalated_at       timestamptz,
  escalated_to       uuid references employee(id),
  unique (employee_id, period, level)
);
create index overtime_alert_open_idx on overtime_alert (follow_up, raised_on) where follow_up = 'open';
create index overtime_alert_period_idx on overtime_alert (period);

-- Follow-up actions on an alert card: workload_reviewed 業務配分を見直した, talked 本人と面談した,
-- doctor_referred 産業医面談を案内した, comment (FOLLOW_UP_ACTIONS in core/overtime/doctor-interview.notice.ts).
-- Also written to audit_log; this table is what the card and the tab show.
create table overtime_alert_action (
  id          bigint generated always as identity primary key,
  alert_id    bigint not null references overtime_alert(id),
  actor_id    uuid not null references employee(id),
  action      text not null check (action in ('workload_reviewed', 'talked', 'doctor_referred', 'comment')),
  comment     text,
  at          timestamptz not null default now()
);
create index overtime_alert_action_alert_idx on overtime_alert_action (alert_id);

-- Each message sent about an alert, once per (alert, recipient, kind). Holds the activity id so the
-- card can be updated for everyone who got it ("対応済み") when one manager acts.
-- kind: alert (card), health_notice (employee at 100 h), reminder, escalation.
-- status: pending (waiting, e.g. for the recipient's quiet hours to end: not_before) → sending (claimed
-- by one runner) → sent | no_conversation (recipient cannot be reached: listed in the tab) | failed.
create table overtime_alert_delivery (
  alert_id        bigint not null references overtime_alert(id),
  recipient_id    uuid not null references employee(id),
  -- Why this person got it: manager, wlb_officer, employee, escalation (the manager's manager).
  recipient_role  text not null,
  kind            text not null check (kind in ('alert', 'health_notice', 'reminder', 'escalation')),
  status          text not null check (status in ('pending', 'sending', 'sent', 'no_conversation', 'failed')),
  not_before      timestamptz not null default now(),
  claimed_at      timestamptz,
  activity_id     text,
  conversation_id text,
  error           text,
  created_at      timestamptz not null default now(),
  sent_at         timestamptz,
  primary key (alert_id, recipient_id, kind)
);
create index overtime_alert_delivery_due_idx on overtime_alert_delivery (not_before) where status in ('pending', 'sending');

-- The monthly bureau report card to an executive, once per (report month, executive).
create table overtime_report_delivery (
  report_month    date not null check (extract(day from report_month) = 1),
  recipient_id    uuid not null references employee(id),
  status          text not null check (status in ('pending', 'sent', 'no_conversation', 'failed')),
  activity_id     text,
  created_at      timestamptz not null default now(),
  primary key (report_month, recipient_id)
);
