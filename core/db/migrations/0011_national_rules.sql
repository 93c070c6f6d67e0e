-- Issue 14: the national civil service's rules. 特例業務 designations and 面接指導 requests
-- (overtime), the opening annual-leave balance from the attendance export (leave), and the
-- father's manager's follow sheet (childcare, seed 002).

-- A cap of 人事院規則15-14 第16条の2の2 第1項 passed (an overtime_alert of an over_* level) is lawful
-- only as 特例業務 (第2項); the manager designates it with a reason. HR's year-end 要因の整理・分析・検証
-- (第3項) reads this table by bureau and reason. The bureau is the person's when it was designated.
create table overtime_special_duty (
  alert_id       bigint primary key references overtime_alert(id),
  employee_id    uuid not null references employee(id),
  bureau_id      uuid references bureau(id),
  reason_code    text not null,
  reason_text    text,
  designated_by  uuid not null references employee(id),
  designated_at  timestamptz not null default now()
);
create index overtime_special_duty_employee_idx on overtime_special_duty (employee_id);

-- 面接指導 on the employee's request (人事院規則10-4 第22条の2 第1項第2号), offered from 80 h and for
-- a 2–6-month average over 80 h; once per alert. contact_status: whether the 健康管理医 contact set in
-- 設定 was reached (sent) or not (no_contact: none set or unreachable; HR sees the request in the tab).
create table overtime_interview_request (
  id              bigint generated always as identity primary key,
  alert_id        bigint not null unique references overtime_alert(id),
  employee_id     uuid not null references employee(id),
  requested_at    timestamptz not null default now(),
  contact_status  text not null check (contact_status in ('sent', 'no_contact'))
);

-- The opening balance of annual leave for a calendar year, from the attendance system's export
-- (docs/attendance-csv.md); null = computed from the previous year's grant, carry-over and use.
alter table leave_grant add column opening_balance_days numeric check (opening_balance_days >= 0);
alter table leave_grant add column opening_balance_source text;

-- 「男の産休・育休等」取得計画書兼フォローシート (seed 002): after the birth is reported and consent
-- given, the manager records each step; reminders until all four are done.
create table childcare_manager_follow (
  case_id             uuid not null references childcare_case(id),
  manager_id          uuid not null references employee(id),
  explained_at        timestamptz,
  encouraged_at       timestamptz,
  cover_arranged_at   timestamptz,
  talk_date           date,
  completed_at        timestamptz,
  sent_on             date,
  last_reminded_on    date,
  reminders           integer not null default 0,
  conversation_id     text,
  activity_id         text,
  primary key (case_id, manager_id)
);
create index childcare_manager_follow_open_idx on childcare_manager_follow (last_reminded_on) where completed_at is null;
