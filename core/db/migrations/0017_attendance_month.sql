-- Issue 18: attendance stored one row per person and month instead of one row per person and day.
--
-- Why: a 1M-day file wrote 1M keyed, logged rows (≈220 MB of WAL) and the database half of an import
-- took ~6 s against a 0.5 s bare COPY; per-day storage could not get near the goal (import ≥ 0.3 of a
-- COPY of the same file). A person-month row holds the month's days as arrays, so the same file is
-- ~45k rows, and the monthly totals are computed from those arrays in the same statement that writes
-- them (core/attendance/attendance-import.repository.ts). Partitioning the day table by month was
-- measured 1.4–3× slower; UNLOGGED tables would lose data on a crash, so neither is used.
--
-- Layout: every array has 31 slots, slot d = day d of the month (1-based, as SQL arrays are).
-- day_mask has bit (d − 1) set when day d has a row; a day without a row is null in every array
-- (overtime_minutes is never null for a recorded day). Days past the month's end stay null.
create table attendance_month (
  employee_id        uuid not null,
  month              date not null check (extract(day from month) = 1),
  day_mask           integer not null check (day_mask <> 0),
  start_time         time[] not null,
  end_time           time[] not null,
  ends_next_day      boolean[] not null,
  overtime_minutes   integer[] not null check (cardinality(overtime_minutes) = 31),
  leave_type         text[] not null,
  leave_days         numeric(3, 1)[] not null,
  leave_minutes      integer[] not null,
  -- 在庁時間 beyond the regular hours where the attendance app records it (counts for the 100 h duty).
  in_office_minutes  integer[] not null,
  -- Terminal log-on/off, Japan local time.
  logon_at           timestamp[] not null,
  logoff_at          timestamp[] not null,
  -- The import that last changed any day of the month (attendance_import.id).
  import_id          bigint not null,
  updated_at         timestamptz not null default now(),
  -- No foreign key, as before: rows enter only through the merge, which joins employee.
  primary key (employee_id, month)
);

-- The existing days, month by month (slots of days without a row stay null).
insert into attendance_month (employee_id, month, day_mask, start_time, end_time, ends_next_day, overtime_minutes,
                              leave_type, leave_days, leave_minutes, in_office_minutes, logon_at, logoff_at, import_id,
                              updated_at)
select k.employee_id, k.month,
       bit_or(case when d.employee_id is not null then 1 << i else 0 end),
       array_agg(d.start_time order by i), array_agg(d.end_time order by i), array_agg(d.ends_next_day order by i),
       array_agg(d.overtime_minutes order by i), array_agg(d.leave_type order by i), array_agg(d.leave_days order by i),
       array_agg(d.leave_minutes order by i), array_agg(d.in_office_minutes order by i), array_agg(d.logon_at order by i),
       array_agg(d.logoff_at order by i), max(k.import_id), max(k.updated_at)
  from (select employee_id, date_trunc('month', work_date)::date as month, max(import_id) as import_id,
               max(updated_at) as updated_at
          from attendance_day group by 1, 2) k
  cross join generate_series(0, 30) as i
  left join attendance_day d on d.employee_id = k.employee_id and d.work_date = k.month + i
                            and date_trunc('month', d.work_date) = k.month
 group by k.employee_id, k.month;

drop table attendance_day;

-- The days as rows again, for readers that think in days (leave lookups, rest intervals, office gaps,
-- the subject export's summary). Readers filter on `month` as well as `work_date`: the month is a
-- column of the table, so that filter reaches the primary key; a filter on work_date alone cannot.
create view attendance_day as
select m.employee_id, m.month, m.month + (u.slot - 1)::integer as work_date, u.start_time, u.end_time,
       u.ends_next_day, u.overtime_minutes, u.leave_type, u.leave_days, u.leave_minutes, u.in_office_minutes,
       u.logon_at, u.logoff_at, m.import_id, m.updated_at
  from attendance_month m
  cross join lateral unnest(m.start_time, m.end_time, m.ends_next_day, m.overtime_minutes, m.leave_type, m.leave_days,
                            m.leave_minutes, m.in_office_minutes, m.logon_at, m.logoff_at)
       with ordinality as u(start_time, end_time, ends_next_day, overtime_minutes, leave_type, leave_days, leave_minutes,
                            in_office_minutes, logon_at, logoff_at, slot)
 where u.overtime_minutes is not null;

-- The wellbeing reads take a month of everyone: by month first.
create index attendance_month_month_idx on attendance_month (month);

-- Day values merged into a stored month: slot d from `fresh` when bit (d − 1) of mask is set, else
-- from `stored`. Used only for months a file covers in part (a whole month is replaced as it is).
create function attendance_pick(mask integer, fresh anyarray, stored anyarray) returns anyarray
language sql immutable parallel safe as $$
  select array_agg(case when mask & (1 << (i - 1)) <> 0 then fresh[i] else stored[i] end order by i)
    from generate_series(1, 31) as i
$$;

-- The monthly totals are written by the same statement as the month's days; their foreign keys'
-- per-row checks took a quarter of that statement (measured: 2 checks per month row), so they go,
-- as they did for the days in 0002. Employees are only deleted by the erasure, which first points
-- every employee_id column (this one included) at the anonymous stand-in; sections are never deleted.
alter table overtime_month drop constraint if exists overtime_month_employee_id_fkey;
alter table overtime_month drop constraint if exists overtime_month_section_id_fkey;
