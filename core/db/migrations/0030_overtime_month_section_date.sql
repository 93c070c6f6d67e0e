-- Issue 18, the risk page (core/dashboard/risk.repository.ts runningMonthAtRisk): who below a manager
-- is projected at or over 45 h this month, and how many.
--
-- The projection is the month so far × working days in the month ÷ working days up to the person's
-- last working date (projectMonthEnd), so for one section and one last working date it rises with
-- the hours: the people at risk there are one range of an index in that order, and its first rows
-- are the most at risk. The page reads those ranges, and two things it needed per request are kept
-- instead:
--
-- overtime_month_section_date: how many month rows each (month, section, last working date) has —
-- the dates a section's ranges start at, and, summed, the rows of the section that month (the page
-- names no one without checking each against the org closure unless all of a section's rows are the
-- manager's people: it counted those rows on every request, 8 ms for a bureau head). Kept by
-- statement-level triggers on overtime_month in the transaction of every writer, as org_known_month
-- (0014) is; rows may reach 0 and stay, readers ask for n > 0. Compared with a direct count after
-- random changes in core/dashboard/alert-section-month.test.ts.
create table overtime_month_section_date (
  month           date not null,
  section_id      uuid not null,
  last_work_date  date not null,
  n               integer not null,
  primary key (month, section_id, last_work_date) include (n)
);

create function overtime_month_section_date_changed() returns trigger language plpgsql set jit = off as $$
begin
  if TG_OP = 'INSERT' then
    insert into overtime_month_section_date (month, section_id, last_work_date, n)
    select month, section_id, last_work_date, count(*) from new_rows group by month, section_id, last_work_date
    on conflict (month, section_id, last_work_date) do update set n = overtime_month_section_date.n + excluded.n;
  elsif TG_OP = 'DELETE' then
    insert into overtime_month_section_date (month, section_id, last_work_date, n)
    select month, section_id, last_work_date, -count(*) from old_rows group by month, section_id, last_work_date
    on conflict (month, section_id, last_work_date) do update set n = overtime_month_section_date.n + excluded.n;
  else
    -- Only rows whose month, section or last working date changed move a count; found with EXCEPT,
    -- never a join of the transition tables (see employee_tree_updated in 0014).
    insert into overtime_month_section_date (month, section_id, last_work_date, n)
    select month, section_id, last_work_date, sum(d) from (
      select month, section_id, last_work_date, 1 as d from (
        select employee_id, month, section_id, last_work_date from new_rows
        except select employee_id, month, section_id, last_work_date from old_rows) a
      union all
      select month, section_id, last_work_date, -1 from (
        select employee_id, month, section_id, last_work_date from old_rows
        except select employee_id, month, section_id, last_work_date from new_rows) r) x
     group by month, section_id, last_work_date
    having sum(d) <> 0
    on conflict (month, section_id, last_work_date) do update set n = overtime_month_section_date.n + excluded.n;
  end if;
  return null;
end $$;

create trigger overtime_month_section_date_insert after insert on overtime_month
  referencing new table as new_rows for each statement execute function overtime_month_section_date_changed();
create trigger overtime_month_section_date_update after update on overtime_month
  referencing old table as old_rows new table as new_rows for each statement execute function overtime_month_section_date_changed();
create trigger overtime_month_section_date_delete after delete on overtime_month
  referencing old table as old_rows for each statement execute function overtime_month_section_date_changed();

-- Built from the months already there.
insert into overtime_month_section_date (month, section_id, last_work_date, n)
select month, section_id, last_work_date, count(*) from overtime_month group by month, section_id, last_work_date;

-- The ranges themselves, read without visiting the table (the person is in the index for the check
-- against the closure and for the names of the first ones). It replaces the (month, section_id)
-- index of 0002: the same leading columns serve its readers.
create index overtime_month_section_date_idx
  on overtime_month (month, section_id, last_work_date, overtime_minutes desc) include (employee_id);
drop index overtime_month_month_idx;

-- The ranges are read from the index alone only where the table's pages are marked all-visible, which
-- a vacuum does. A daily import rewrites the running month (300,000 rows of 7.5 million): with the
-- default thresholds (20 % of the table) autovacuum would come days later and the risk page would
-- visit the table for every person at risk (7 ms instead of 4 for a bureau head); at 2 % it comes
-- within a minute or two of each import. Vacuum skips the pages already all-visible.
alter table overtime_month set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
