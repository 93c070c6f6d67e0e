-- Issue 18: the dashboard's 100 h alert counts per section and month, kept in the same transaction as
-- the writes that change them, so a dashboard reads O(sections) rows instead of joining every alert of
-- the month to overtime_month (HR's overview went from 26 to 65 ms p95 at 300k staff when the counts
-- moved to that join, commit 5c950cc).
--
-- Counted exactly as core/dashboard/dashboard.repository.ts alert100Counts counted them: alerts of
-- level month100 by follow-up state, filed under the section where the month's figures count the
-- person (overtime_month.section_id of the alert's employee and period): the population the
-- disclosure decision is made for (test/privacy/time-differencing.test.ts). Not dashboard_alert_count
-- (0007), which files an alert under the person's section at the time of the last click.
--
-- A count is the number of (alert, overtime_month) pairs that join; each trigger adds the pairs its
-- statement created and removes the ones it destroyed, joined with the other table as it stands.
create table overtime_alert_section_month (
  month        date not null,
  section_id   uuid not null,
  open_count   integer not null,
  acted_count  integer not null,
  primary key (month, section_id) include (open_count, acted_count)
);

-- Adds (sign 1) or removes (sign -1) pairs given as (employee_id, month, section_id, follow_up) rows.
create function overtime_alert_section_month_apply(pairs jsonb, sign integer) returns void
language plpgsql set jit = off as $$
begin
  insert into overtime_alert_section_month (month, section_id, open_count, acted_count)
  select p.month, p.section_id, sign * count(*) filter (where p.follow_up = 'open'),
         sign * count(*) filter (where p.follow_up = 'acted')
    from jsonb_to_recordset(pairs) as p(month date, section_id uuid, follow_up text)
   group by p.month, p.section_id
  on conflict (month, section_id) do update
    set open_count = overtime_alert_section_month.open_count + excluded.open_count,
        acted_count = overtime_alert_section_month.acted_count + excluded.acted_count;
end $$;

-- Alerts inserted, deleted, or changed in follow-up state, level, period or person (reminders and
-- escalations stamp other columns and change nothing here), joined with overtime_month as it stands.
-- Changes are found with EXCEPT, never a join of the two transition tables (see 0014). One branch per
-- event, each naming only the transition tables its event has.
create function overtime_alert_section_month_alerts() returns trigger language plpgsql set jit = off as $$
begin
  if TG_OP = 'INSERT' then
    perform overtime_alert_section_month_apply(coalesce((
      select jsonb_agg(jsonb_build_object('month', o.month, 'section_id', o.section_id, 'follow_up', a.follow_up))
        from new_rows a join overtime_month o on o.employee_id = a.employee_id and o.month = a.period
       where a.level = 'month100' and a.follow_up in ('open', 'acted')), '[]'), 1);
  elsif TG_OP = 'DELETE' then
    perform overtime_alert_section_month_apply(coalesce((
      select jsonb_agg(jsonb_build_object('month', o.month, 'section_id', o.section_id, 'follow_up', a.follow_up))
        from old_rows a join overtime_month o on o.employee_id = a.employee_id and o.month = a.period
       where a.level = 'month100' and a.follow_up in ('open', 'acted')), '[]'), -1);
  else
    perform overtime_alert_section_month_apply(coalesce((
      select jsonb_agg(jsonb_build_object('month', o.month, 'section_id', o.section_id, 'follow_up', a.follow_up))
        from (select employee_id, period, level, follow_up from old_rows
              except all select employee_id, period, level, follow_up from new_rows) a
        join overtime_month o on o.employee_id = a.employee_id and o.month = a.period
       where a.level = 'month100' and a.follow_up in ('open', 'acted')), '[]'), -1);
    perform overtime_alert_section_month_apply(coalesce((
      select jsonb_agg(jsonb_build_object('month', o.month, 'section_id', o.section_id, 'follow_up', a.follow_up))
        from (select employee_id, period, level, follow_up from new_rows
              except all select employee_id, period, level, follow_up from old_rows) a
        join overtime_month o on o.employee_id = a.employee_id and o.month = a.period
       where a.level = 'month100' and a.follow_up in ('open', 'acted')), '[]'), 1);
  end if;
  return null;
end $$;

create trigger overtime_alert_section_month_insert after insert on overtime_alert
  referencing new table as new_rows for each statement execute function overtime_alert_section_month_alerts();
create trigger overtime_alert_section_month_update after update on overtime_alert
  referencing old table as old_rows new table as new_rows for each statement execute function overtime_alert_section_month_alerts();
create trigger overtime_alert_section_month_delete after delete on overtime_alert
  referencing old table as old_rows for each statement execute function overtime_alert_section_month_alerts();

-- Person-months inserted, deleted, or moved (another section, month or person: a re-import that
-- changes none of them moves nothing), joined with the alerts as they stand.
create function overtime_alert_section_month_months() returns trigger language plpgsql set jit = off as $$
begin
  if TG_OP = 'INSERT' then
    perform overtime_alert_section_month_apply(coalesce((
      select jsonb_agg(jsonb_build_object('month', d.month, 'section_id', d.section_id, 'follow_up', a.follow_up))
        from new_rows d join overtime_alert a on a.employee_id = d.employee_id and a.period = d.month
       where a.level = 'month100' and a.follow_up in ('open', 'acted')), '[]'), 1);
  elsif TG_OP = 'DELETE' then
    perform overtime_alert_section_month_apply(coalesce((
      select jsonb_agg(jsonb_build_object('month', d.month, 'section_id', d.section_id, 'follow_up', a.follow_up))
        from old_rows d join overtime_alert a on a.employee_id = d.employee_id and a.period = d.month
       where a.level = 'month100' and a.follow_up in ('open', 'acted')), '[]'), -1);
  else
    perform overtime_alert_section_month_apply(coalesce((
      select jsonb_agg(jsonb_build_object('month', d.month, 'section_id', d.section_id, 'follow_up', a.follow_up))
        from (select employee_id, month, section_id from old_rows
              except select employee_id, month, section_id from new_rows) d
        join overtime_alert a on a.employee_id = d.employee_id and a.period = d.month
       where a.level = 'month100' and a.follow_up in ('open', 'acted')), '[]'), -1);
    perform overtime_alert_section_month_apply(coalesce((
      select jsonb_agg(jsonb_build_object('month', d.month, 'section_id', d.section_id, 'follow_up', a.follow_up))
        from (select employee_id, month, section_id from new_rows
              except select employee_id, month, section_id from old_rows) d
        join overtime_alert a on a.employee_id = d.employee_id and a.period = d.month
       where a.level = 'month100' and a.follow_up in ('open', 'acted')), '[]'), 1);
  end if;
  return null;
end $$;

create trigger overtime_alert_section_month_om_insert after insert on overtime_month
  referencing new table as new_rows for each statement execute function overtime_alert_section_month_months();
create trigger overtime_alert_section_month_om_update after update on overtime_month
  referencing old table as old_rows new table as new_rows for each statement execute function overtime_alert_section_month_months();
create trigger overtime_alert_section_month_om_delete after delete on overtime_month
  referencing old table as old_rows for each statement execute function overtime_alert_section_month_months();

-- Built from the data already there.
insert into overtime_alert_section_month (month, section_id, open_count, acted_count)
select o.month, o.section_id, count(*) filter (where a.follow_up = 'open'), count(*) filter (where a.follow_up = 'acted')
  from overtime_alert a join overtime_month o on o.employee_id = a.employee_id and o.month = a.period
 where a.level = 'month100' and a.follow_up in ('open', 'acted')
 group by o.month, o.section_id;

-- The risk page's count of open 100 h alerts in a bureau (any month), by the person's section NOW, as
-- core/dashboard/risk.repository.ts openAlertCount counted it by joining every open alert to employee:
-- per section, kept by triggers on overtime_alert (raised, followed up, reopened, erased) and on
-- employee (a move of section). Employees with alerts are never inserted or deleted (foreign key).
create table overtime_alert_open_section (
  section_id  uuid primary key,
  open_count  integer not null
);

create function overtime_alert_open_section_add(people uuid[], sign integer) returns void
language plpgsql set jit = off as $$
begin
  insert into overtime_alert_open_section (section_id, open_count)
  select e.section_id, sign * count(*)
    from unnest(people) as p(id) join employee e on e.id = p.id
   group by e.section_id
  on conflict (section_id) do update set open_count = overtime_alert_open_section.open_count + excluded.open_count;
end $$;

-- One element per open alert (a person with two open alerts is there twice).
create function overtime_alert_open_section_alerts() returns trigger language plpgsql set jit = off as $$
begin
  if TG_OP = 'INSERT' then
    perform overtime_alert_open_section_add(array(select employee_id from new_rows where follow_up = 'open'), 1);
  elsif TG_OP = 'DELETE' then
    perform overtime_alert_open_section_add(array(select employee_id from old_rows where follow_up = 'open'), -1);
  else
    perform overtime_alert_open_section_add(array(
      select employee_id from old_rows where follow_up = 'open'
      except all select employee_id from new_rows where follow_up = 'open'), -1);
    perform overtime_alert_open_section_add(array(
      select employee_id from new_rows where follow_up = 'open'
      except all select employee_id from old_rows where follow_up = 'open'), 1);
  end if;
  return null;
end $$;

create trigger overtime_alert_open_section_insert after insert on overtime_alert
  referencing new table as new_rows for each statement execute function overtime_alert_open_section_alerts();
create trigger overtime_alert_open_section_update after update on overtime_alert
  referencing old table as old_rows new table as new_rows for each statement execute function overtime_alert_open_section_alerts();
create trigger overtime_alert_open_section_delete after delete on overtime_alert
  referencing old table as old_rows for each statement execute function overtime_alert_open_section_alerts();

-- People who changed section take their open alerts along (found with EXCEPT, as in 0014).
create function overtime_alert_open_section_moved() returns trigger language plpgsql set jit = off as $$
begin
  insert into overtime_alert_open_section (section_id, open_count)
  select m.section_id, sum(m.sign * (select count(*) from overtime_alert a where a.employee_id = m.id and a.follow_up = 'open'))
    from (select id, section_id, -1 as sign from (select id, section_id from old_rows except select id, section_id from new_rows) o
          union all
          select id, section_id, 1 from (select id, section_id from new_rows except select id, section_id from old_rows) n) m
   group by m.section_id
  on conflict (section_id) do update set open_count = overtime_alert_open_section.open_count + excluded.open_count;
  return null;
end $$;

create trigger overtime_alert_open_section_employee_update after update on employee
  referencing old table as old_rows new table as new_rows for each statement execute function overtime_alert_open_section_moved();

-- Built from the data already there.
insert into overtime_alert_open_section (section_id, open_count)
select e.section_id, count(*) from overtime_alert a join employee e on e.id = a.employee_id
 where a.follow_up = 'open' group by e.section_id;

-- One row per transaction that changed the org closure (a person's chain or section), written by the
-- trigger below in that transaction. (max, count) of it is the closure's version: it changes with
-- every commit that changes the closure, on whatever instance, and never comes back (an aborted
-- transaction leaves no row). core/access/scope.ts keeps a manager's subtree for that version only,
-- instead of reading 40,000 ids on each of a bureau head's requests. No row is ever updated, so
-- concurrent writers never wait on one another here.
create table org_closure_change (
  xid  bigint primary key,
  at   timestamptz not null default now()
);

create function org_closure_change_noted() returns trigger language plpgsql set jit = off as $$
begin
  if TG_OP = 'DELETE' then
    if not exists (select 1 from old_rows) then return null; end if;
  elsif not exists (select 1 from new_rows) then
    return null;
  end if;
  insert into org_closure_change (xid) values (pg_current_xact_id()::text::bigint) on conflict (xid) do nothing;
  return null;
end $$;

create trigger org_closure_change_insert after insert on org_closure
  referencing new table as new_rows for each statement execute function org_closure_change_noted();
create trigger org_closure_change_update after update on org_closure
  referencing new table as new_rows for each statement execute function org_closure_change_noted();
create trigger org_closure_change_delete after delete on org_closure
  referencing old table as old_rows for each statement execute function org_closure_change_noted();

insert into org_closure_change (xid) values (pg_current_xact_id()::text::bigint);

-- The risk page's open 100 h alerts of a manager's people (any month), limited and oldest first: per
-- manager, how many are open (kept with every alert change and every change of the closure), and two
-- partial indexes to read the first ones either in date order (checking each against the closure:
-- cheap when the manager's people hold a good share of the open alerts) or person by person (cheap
-- for a small subtree). core/dashboard/risk.repository.ts picks the cheaper from these counts.
create table org_open_alerts (
  ancestor    uuid primary key,
  open_count  integer not null
);
create index overtime_alert_open_order_idx on overtime_alert (raised_on, id) include (employee_id) where follow_up = 'open';
create index overtime_alert_open_person_idx on overtime_alert (employee_id) where follow_up = 'open';

-- people: one element per open alert gained (sign 1) or lost (sign -1), credited to their managers.
create function org_open_alerts_add(people uuid[], sign integer) returns void language plpgsql set jit = off as $$
begin
  insert into org_open_alerts (ancestor, open_count)
  select c.ancestor, sign * count(*)
    from unnest(people) as p(id) join org_closure c on c.descendant = p.id and c.depth > 0
   group by c.ancestor
  on conflict (ancestor) do update set open_count = org_open_alerts.open_count + excluded.open_count;
end $$;

create or replace function overtime_alert_open_section_alerts() returns trigger language plpgsql set jit = off as $$
declare
  gained uuid[];
  lost uuid[];
begin
  if TG_OP = 'INSERT' then
    gained := array(select employee_id from new_rows where follow_up = 'open');
  elsif TG_OP = 'DELETE' then
    lost := array(select employee_id from old_rows where follow_up = 'open');
  else
    lost := array(select employee_id from old_rows where follow_up = 'open'
                  except all select employee_id from new_rows where follow_up = 'open');
    gained := array(select employee_id from new_rows where follow_up = 'open'
                    except all select employee_id from old_rows where follow_up = 'open');
  end if;
  if coalesce(cardinality(lost), 0) > 0 then
    perform overtime_alert_open_section_add(lost, -1);
    perform org_open_alerts_add(lost, -1);
  end if;
  if coalesce(cardinality(gained), 0) > 0 then
    perform overtime_alert_open_section_add(gained, 1);
    perform org_open_alerts_add(gained, 1);
  end if;
  return null;
end $$;

-- Closure rows added or removed (an org change) carry their descendant's open alerts to or from the ancestor.
create function org_open_alerts_closure() returns trigger language plpgsql set jit = off as $$
begin
  if TG_OP = 'INSERT' then
    insert into org_open_alerts (ancestor, open_count)
    select n.ancestor, count(*) from new_rows n join overtime_alert a on a.employee_id = n.descendant and a.follow_up = 'open'
     where n.depth > 0 group by n.ancestor
    on conflict (ancestor) do update set open_count = org_open_alerts.open_count + excluded.open_count;
  else
    insert into org_open_alerts (ancestor, open_count)
    select o.ancestor, -count(*) from old_rows o join overtime_alert a on a.employee_id = o.descendant and a.follow_up = 'open'
     where o.depth > 0 group by o.ancestor
    on conflict (ancestor) do update set open_count = org_open_alerts.open_count + excluded.open_count;
  end if;
  return null;
end $$;

create trigger org_open_alerts_closure_insert after insert on org_closure
  referencing new table as new_rows for each statement execute function org_open_alerts_closure();
create trigger org_open_alerts_closure_delete after delete on org_closure
  referencing old table as old_rows for each statement execute function org_open_alerts_closure();

insert into org_open_alerts (ancestor, open_count)
select c.ancestor, count(*) from overtime_alert a join org_closure c on c.descendant = a.employee_id and c.depth > 0
 where a.follow_up = 'open' group by c.ancestor;
