-- Issue 19: the daily signals behind the plan's numbers.
--
-- 勤務間インターバル and 登庁・退庁の記録と申告の乖離 are computed from attendance_day when asked
-- (core/wellbeing/wellbeing.repository.ts); the only new state is what a manager records about a gap.

-- A manager's answer to an in-office gap of one person and day (seed 001: 勤務実態を確認):
-- overtime_confirmed 超過勤務として確認, self_study 自己研鑽, standby 待機, other その他 (comment required).
-- One answer per person and day; a correction replaces it, and every answer is in audit_log.
create table office_gap_review (
  employee_id   uuid not null references employee(id),
  work_date     date not null,
  outcome       text not null check (outcome in ('overtime_confirmed', 'self_study', 'standby', 'other')),
  comment       text check (comment is null or length(comment) <= 500),
  check (outcome <> 'other' or coalesce(length(trim(comment)), 0) > 0),
  reviewed_by   uuid not null references employee(id),
  reviewed_at   timestamptz not null default now(),
  primary key (employee_id, work_date)
);

-- The interval / gap reads scan a month of days for many people.
create index if not exists attendance_day_work_date_idx on attendance_day (work_date);
