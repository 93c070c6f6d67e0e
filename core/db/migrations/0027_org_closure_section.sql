-- Issue 18: per (manager, section), how many people below the manager sit in that section now — what
-- a dashboard's access scope needs (which sections the manager has people in, and whether they manage
-- all of a section or bureau) without reading the subtree's ids: a bureau head's first request read
-- 40,000 closure rows for that (core/access/scope.ts groupScope). Only the pages that name people
-- read the ids.
--
-- Counts the closure rows of depth > 0 (the manager themself is not one of their people), kept by
-- statement-level triggers on org_closure in the transaction of every org change, as org_open_alerts
-- (0023) is. Rows may reach 0 and stay; readers ask for n > 0. Compared with a direct count after
-- random org changes in core/org/org-closure.test.ts.
create table org_closure_section (
  ancestor    uuid not null,
  section_id  uuid not null,
  n           integer not null,
  primary key (ancestor, section_id) include (n)
);

create function org_closure_section_changed() returns trigger language plpgsql set jit = off as $$
begin
  if TG_OP = 'INSERT' then
    insert into org_closure_section (ancestor, section_id, n)
    select ancestor, section_id, count(*) from new_rows where depth > 0 group by ancestor, section_id
    on conflict (ancestor, section_id) do update set n = org_closure_section.n + excluded.n;
  elsif TG_OP = 'DELETE' then
    insert into org_closure_section (ancestor, section_id, n)
    select ancestor, section_id, -count(*) from old_rows where depth > 0 group by ancestor, section_id
    on conflict (ancestor, section_id) do update set n = org_closure_section.n + excluded.n;
  else
    -- A move of section rewrites the mover's rows: the old ones out, the new ones in (no join of the
    -- transition tables, see 0014).
    insert into org_closure_section (ancestor, section_id, n)
    select ancestor, section_id, sum(d) from (
      select ancestor, section_id, -1 as d from old_rows where depth > 0
      union all
      select ancestor, section_id, 1 from new_rows where depth > 0) x
     group by ancestor, section_id
    having sum(d) <> 0
    on conflict (ancestor, section_id) do update set n = org_closure_section.n + excluded.n;
  end if;
  return null;
end $$;

create trigger org_closure_section_insert after insert on org_closure
  referencing new table as new_rows for each statement execute function org_closure_section_changed();
create trigger org_closure_section_update after update on org_closure
  referencing old table as old_rows new table as new_rows for each statement execute function org_closure_section_changed();
create trigger org_closure_section_delete after delete on org_closure
  referencing old table as old_rows for each statement execute function org_closure_section_changed();

-- Built from the closure already there.
insert into org_closure_section (ancestor, section_id, n)
select ancestor, section_id, count(*) from org_closure where depth > 0 group by ancestor, section_id;
