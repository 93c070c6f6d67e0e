-- The org tree as a closure table, and the per-manager counts the access checks and the disclosure
-- decision read, so that no request walks the tree or sends a subtree's ids to the database.
--
-- org_closure holds (ancestor, descendant) for every active descendant and every person above them,
-- exactly what the former level-by-level walk (core/access/scope.ts) reached: the chain goes up from an
-- active person through active managers; the first inactive manager is still an ancestor but the chain
-- stops there (an inactive person's reports are not under that person's managers). Depth 0 is the
-- person themself. A manager chain that loops (bad data) stops where it comes back.
--
-- Maintained by statement-level triggers on employee (so the org import, the Graph sync, the demo
-- generator and every other writer keep it in the same transaction) and on overtime_month (the known
-- counts). The SQL that builds it is org_closure_replace() below; its tests compare it with a recursive
-- computation (core/org/org-closure.test.ts).

create table org_closure (
  ancestor    uuid not null,
  descendant  uuid not null,
  depth       smallint not null,
  -- The descendant's section now (their subtree by section without touching employee).
  section_id  uuid not null,
  primary key (ancestor, descendant) include (depth, section_id)
);
create index org_closure_descendant_idx on org_closure (descendant) include (ancestor);

-- Per (ancestor, section, month): the people of overtime_month counted in that section that month who
-- are below the ancestor now (not the ancestor: their own month is one row of overtime_month, and
-- counting it here would copy the whole table) — the "known" part of the disclosure decision
-- (core/access/disclosure.service.ts), read per section instead of per person.
create table org_known_month (
  ancestor    uuid not null,
  month       date not null,
  section_id  uuid not null,
  staff       integer not null,
  nm_staff    integer not null,
  primary key (ancestor, month, section_id) include (staff, nm_staff)
);

-- Active people per section now (the "manages all of it" test compares with it).
create table section_headcount (
  section_id  uuid primary key,
  active      integer not null
);

-- Adds (sign 1) or removes (sign -1) the overtime months of these people to/from the known counts
-- of their ancestors as org_closure has them at the time of the call.
create function org_known_month_apply(people uuid[], sign integer) returns void language plpgsql set jit = off as $$
begin
  insert into org_known_month (ancestor, month, section_id, staff, nm_staff)
  select c.ancestor, o.month, o.section_id, sign * count(*), sign * count(*) filter (where not o.is_managerial)
    from org_closure c join overtime_month o on o.employee_id = c.descendant
   where c.descendant = any(people) and c.depth > 0
   group by c.ancestor, o.month, o.section_id
  on conflict (ancestor, month, section_id) do update
    set staff = org_known_month.staff + excluded.staff, nm_staff = org_known_month.nm_staff + excluded.nm_staff;
end $$;

-- Recomputes the closure rows of the changed people and of everyone below them (by the closure as it
-- stood: whoever's chain passes through a changed person), and moves their known counts along.
create function org_closure_replace(changed uuid[]) returns void language plpgsql set jit = off as $$
declare
  affected uuid[];
begin
  if coalesce(cardinality(changed), 0) = 0 then return; end if;
  select array_agg(distinct id) into affected from (
    select unnest(changed) as id
    union all
    select descendant from org_closure where ancestor = any(changed)) a;
  perform org_known_month_apply(affected, -1);
  delete from org_closure where descendant = any(affected);
  insert into org_closure (ancestor, descendant, depth, section_id)
  with recursive up (ancestor, descendant, depth) as (
    select e.id, e.id, 0 from employee e where e.id = any(affected) and e.active
    union all
    select a.manager_id, up.descendant, up.depth + 1
      from up join employee a on a.id = up.ancestor
     where a.active and a.manager_id is not null and a.manager_id <> up.descendant and up.depth < 30
  )
  select up.ancestor, up.descendant, min(up.depth), d.section_id
    from up join employee d on d.id = up.descendant
   group by up.ancestor, up.descendant, d.section_id;
  perform org_known_month_apply(affected, 1);
end $$;

create function section_headcount_refresh(sections uuid[]) returns void language plpgsql set jit = off as $$
begin
  insert into section_headcount (section_id, active)
  select s.id, (select count(*) from employee e where e.section_id = s.id and e.active)
    from unnest(sections) as s(id)
  on conflict (section_id) do update set active = excluded.active;
end $$;

create function employee_tree_inserted() returns trigger language plpgsql set jit = off as $$
begin
  perform org_closure_replace(array(select id from new_rows where active));
  perform section_headcount_refresh(array(select distinct section_id from new_rows where active));
  return null;
end $$;

create function employee_tree_updated() returns trigger language plpgsql set jit = off as $$
begin
  -- Who changed is found with EXCEPT, never a join of the two transition tables: they carry no
  -- statistics, and the planner's guesses for such a join made a 20,000-row update take minutes.
  -- A move of section only: the person's own rows follow (their reports' sections do not change).
  update org_closure c set section_id = x.section_id
    from (select id, section_id from new_rows except select id, section_id from old_rows) x
   where c.descendant = x.id;
  perform org_closure_replace(array(
    select id from (select id, manager_id, active from new_rows
                    except select id, manager_id, active from old_rows) x));
  perform section_headcount_refresh(array(
    select section_id from (
      (select id, section_id, active from new_rows except select id, section_id, active from old_rows)
      union all
      (select id, section_id, active from old_rows except select id, section_id, active from new_rows)) x
     group by section_id));
  return null;
end $$;

create function employee_tree_deleted() returns trigger language plpgsql set jit = off as $$
begin
  perform org_closure_replace(array(select id from old_rows));
  perform section_headcount_refresh(array(select distinct section_id from old_rows));
  return null;
end $$;

create trigger employee_tree_insert after insert on employee
  referencing new table as new_rows for each statement execute function employee_tree_inserted();
create trigger employee_tree_update after update on employee
  referencing old table as old_rows new table as new_rows for each statement execute function employee_tree_updated();
create trigger employee_tree_delete after delete on employee
  referencing old table as old_rows for each statement execute function employee_tree_deleted();

-- The known counts follow overtime_month (inserted, re-imported or removed person-months): the change
-- of each person-month goes to the person's ancestors. One branch per event, each naming only the
-- transition tables its event has.
create function overtime_month_known_changed() returns trigger language plpgsql set jit = off as $$
begin
  if TG_OP = 'INSERT' then
    insert into org_known_month (ancestor, month, section_id, staff, nm_staff)
    select c.ancestor, d.month, d.section_id, count(*), count(*) filter (where not d.is_managerial)
      from new_rows d join org_closure c on c.descendant = d.employee_id and c.depth > 0
     group by c.ancestor, d.month, d.section_id
    on conflict (ancestor, month, section_id) do update
      set staff = org_known_month.staff + excluded.staff, nm_staff = org_known_month.nm_staff + excluded.nm_staff;
  elsif TG_OP = 'DELETE' then
    insert into org_known_month (ancestor, month, section_id, staff, nm_staff)
    select c.ancestor, d.month, d.section_id, -count(*), -count(*) filter (where not d.is_managerial)
      from old_rows d join org_closure c on c.descendant = d.employee_id and c.depth > 0
     group by c.ancestor, d.month, d.section_id
    on conflict (ancestor, month, section_id) do update
      set staff = org_known_month.staff + excluded.staff, nm_staff = org_known_month.nm_staff + excluded.nm_staff;
  else
    -- Only rows whose section, month or managerial flag changed move a count (a re-import changes
    -- none); found with EXCEPT, not a join of the transition tables (see employee_tree_updated).
    insert into org_known_month (ancestor, month, section_id, staff, nm_staff)
    select c.ancestor, d.month, d.section_id, sum(d.n), sum(d.nm)
      from (select employee_id, month, section_id, 1 as n, (not is_managerial)::int as nm from (
              select employee_id, month, section_id, is_managerial from new_rows
              except select employee_id, month, section_id, is_managerial from old_rows) a
            union all
            select employee_id, month, section_id, -1, -(not is_managerial)::int from (
              select employee_id, month, section_id, is_managerial from old_rows
              except select employee_id, month, section_id, is_managerial from new_rows) r) d
      join org_closure c on c.descendant = d.employee_id and c.depth > 0
     group by c.ancestor, d.month, d.section_id
    having sum(d.n) <> 0 or sum(d.nm) <> 0
    on conflict (ancestor, month, section_id) do update
      set staff = org_known_month.staff + excluded.staff, nm_staff = org_known_month.nm_staff + excluded.nm_staff;
  end if;
  return null;
end $$;

create trigger overtime_month_known_insert after insert on overtime_month
  referencing new table as new_rows for each statement execute function overtime_month_known_changed();
create trigger overtime_month_known_update after update on overtime_month
  referencing old table as old_rows new table as new_rows for each statement execute function overtime_month_known_changed();
create trigger overtime_month_known_delete after delete on overtime_month
  referencing old table as old_rows for each statement execute function overtime_month_known_changed();

-- Built from the data already there.
insert into section_headcount (section_id, active)
select s.id, count(e.id) from section s left join employee e on e.section_id = s.id and e.active group by s.id;
select org_closure_replace(array(select id from employee where active));

-- The section view reads a section's month ordered by hours without visiting the table.
create index overtime_month_section_hours_idx
  on overtime_month (month, section_id, overtime_minutes desc, employee_id) include (is_managerial);
