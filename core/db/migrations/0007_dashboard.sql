-- The dashboard's own pre-aggregate: 100 h alert follow-up counts per section and month.
--
-- The dashboards read overtime figures from the aggregates of 0002 (overtime_section_month, …).
-- Alert follow-up states live per person in overtime_alert; counting them per bureau on every
-- dashboard request joins every alert of the month to employee. This table keeps the counts per
-- (section, period, level), recomputed for the touched periods by statement-level triggers on
-- overtime_alert, so a change (an alert raised, a follow-up recorded) is reflected in the same
-- transaction. The section is the person's section when the alert last changed.

create table dashboard_alert_count (
  section_id  uuid not null references section(id),
  period      date not null,
  level       text not null,
  open_count  integer not null,
  acted_count integer not null,
  other_count integer not null,
  primary key (period, level, section_id)
);

-- Recounts the (period, section) pairs of the given alerts' people: a follow-up click recounts one
-- section-month, a batch of new alerts the sections it touched.
create function dashboard_alert_count_refresh(periods date[], employee_ids uuid[]) returns void
language sql as $$
  delete from dashboard_alert_count c
   using (select distinct p.period, e.section_id
            from unnest(periods, employee_ids) as p(period, employee_id)
            join employee e on e.id = p.employee_id) t
   where c.period = t.period and c.section_id = t.section_id;
  insert into dashboard_alert_count (section_id, period, level, open_count, acted_count, other_count)
  select e.section_id, a.period, a.level,
         count(*) filter (where a.follow_up = 'open'),
         count(*) filter (where a.follow_up = 'acted'),
         count(*) filter (where a.follow_up not in ('open', 'acted'))
    from (select distinct p.period, e.section_id
            from unnest(periods, employee_ids) as p(period, employee_id)
            join employee e on e.id = p.employee_id) t
    join employee e on e.section_id = t.section_id
    join overtime_alert a on a.employee_id = e.id and a.period = t.period
   group by e.section_id, a.period, a.level;
$$;

create function dashboard_alert_count_after_insert() returns trigger language plpgsql as $$
begin
  perform dashboard_alert_count_refresh(array(select period from new_rows), array(select employee_id from new_rows));
  return null;
end $$;

-- Only rows whose follow-up state (or key) changed: reminders and escalations stamp other columns.
create function dashboard_alert_count_after_update() returns trigger language plpgsql as $$
begin
  perform dashboard_alert_count_refresh(
    array(select x.period from (
      select n.period, n.employee_id from new_rows n join old_rows o on o.id = n.id
       where (n.follow_up, n.period, n.level, n.employee_id) is distinct from (o.follow_up, o.period, o.level, o.employee_id)
      union all
      select o.period, o.employee_id from new_rows n join old_rows o on o.id = n.id
       where (n.period, n.employee_id) is distinct from (o.period, o.employee_id)) x),
    array(select x.employee_id from (
      select n.period, n.employee_id from new_rows n join old_rows o on o.id = n.id
       where (n.follow_up, n.period, n.level, n.employee_id) is distinct from (o.follow_up, o.period, o.level, o.employee_id)
      union all
      select o.period, o.employee_id from new_rows n join old_rows o on o.id = n.id
       where (n.period, n.employee_id) is distinct from (o.period, o.employee_id)) x));
  return null;
end $$;

create function dashboard_alert_count_after_delete() returns trigger language plpgsql as $$
begin
  perform dashboard_alert_count_refresh(array(select period from old_rows), array(select employee_id from old_rows));
  return null;
end $$;

create trigger dashboard_alert_count_ins after insert on overtime_alert
  referencing new table as new_rows for each statement execute function dashboard_alert_count_after_insert();
create trigger dashboard_alert_count_upd after update on overtime_alert
  referencing old table as old_rows new table as new_rows for each statement execute function dashboard_alert_count_after_update();
create trigger dashboard_alert_count_del after delete on overtime_alert
  referencing old table as old_rows for each statement execute function dashboard_alert_count_after_delete();

-- Alerts that exist already (a database migrated after 0002 was in use).
select dashboard_alert_count_refresh(array(select period from overtime_alert), array(select employee_id from overtime_alert));
