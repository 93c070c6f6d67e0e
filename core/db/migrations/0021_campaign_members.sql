-- Who a leave-plan campaign is for, fixed as people are enrolled: the response rates' denominators.
--
-- The rates used to count today's members of each target. A person who moved section (or left)
-- between two looks changed both sections' counts by one, and whether the responded count moved
-- with it told whether that person had answered (docs/privacy.md, "changes over time"). Now a
-- person counts where they were when first enrolled, and keeps counting there after moving or
-- leaving. Enrolment happens in the same transaction as the change that makes someone a target:
-- the campaign's targets being set (everyone targeted then) and any insert or update of employee rows
-- (a joiner or mover, by the org import, the Graph sync or anything else), for every campaign whose
-- deadline has not passed. Nobody can answer before being enrolled, so an enrolment never brings
-- an answer with it.

create table leave_campaign_member (
  campaign_id  uuid not null references leave_campaign(id) on delete cascade,
  employee_id  uuid not null references employee(id),
  section_id   uuid not null references section(id),
  bureau_id    uuid not null references bureau(id),
  enrolled_at  timestamptz not null default now(),
  primary key (campaign_id, employee_id)
);
create index leave_campaign_member_bureau_idx on leave_campaign_member (campaign_id, bureau_id);

-- Whether a campaign targets a person in this section and bureau.
create function campaign_targets(campaign uuid, section_id uuid, bureau_id uuid, ministry_id text) returns boolean
language sql stable as $$
  select exists (select 1 from leave_campaign_target t where t.campaign_id = campaign and (
            (t.target_type = 'ministry' and t.target_id = ministry_id)
         or (t.target_type = 'bureau' and t.target_id = bureau_id::text)
         or (t.target_type = 'section' and t.target_id = section_id::text)))
$$;

-- Joiners and movers are enrolled by the statement that makes them so (statement-level, over the
-- changed rows only: an org import of 300,000 rows runs this once, not 300,000 times), in every
-- campaign whose deadline has not passed.
create function enrol_changed_employees() returns trigger
language plpgsql as $$
begin
  insert into leave_campaign_member (campaign_id, employee_id, section_id, bureau_id)
  select c.id, e.id, s.id, b.id
    from leave_campaign c
    join changed e on e.active
    join section s on s.id = e.section_id
    join bureau b on b.id = s.bureau_id
   where c.deadline >= (now() at time zone 'Asia/Tokyo')::date
     and campaign_targets(c.id, s.id, b.id, b.ministry_id)
  on conflict (campaign_id, employee_id) do nothing;
  return null;
end
$$;

create trigger employee_enrol_after_insert after insert on employee
  referencing new table as changed for each statement execute function enrol_changed_employees();
create trigger employee_enrol_after_update after update on employee
  referencing new table as changed for each statement execute function enrol_changed_employees();

-- A campaign's targets, when set, enrol everyone they cover now (whoever writes them).
create function enrol_targeted_employees() returns trigger
language plpgsql as $$
begin
  insert into leave_campaign_member (campaign_id, employee_id, section_id, bureau_id)
  select c.campaign_id, e.id, s.id, b.id
    from (select distinct campaign_id from added) c
    join employee e on e.active
    join section s on s.id = e.section_id
    join bureau b on b.id = s.bureau_id
   where campaign_targets(c.campaign_id, s.id, b.id, b.ministry_id)
  on conflict (campaign_id, employee_id) do nothing;
  return null;
end
$$;

create trigger campaign_target_enrol_after_insert after insert on leave_campaign_target
  referencing new table as added for each statement execute function enrol_targeted_employees();

-- Campaigns that exist already: their members as of today (the best that can be known now).
insert into leave_campaign_member (campaign_id, employee_id, section_id, bureau_id)
select c.id, e.id, s.id, b.id
  from leave_campaign c
  join employee e on e.active
  join section s on s.id = e.section_id
  join bureau b on b.id = s.bureau_id
 where campaign_targets(c.id, s.id, b.id, b.ministry_id)
on conflict do nothing;
