-- Issue 13: four-eyes edits of sent announcements, an audit log that cannot be rewritten or
-- emptied by the application, and the record of data-subject erasures.

-- An edit of a sent announcement waiting for a second approver (core/announcements).
alter table announcement
  add column pending_update jsonb,
  add column pending_update_by uuid references employee(id);

-- The audit log is evidence. Row level (0001) refused UPDATE and DELETE; this adds statement-level
-- guards, so TRUNCATE (which fires no row trigger) and set-wide statements are refused too.
-- The one permitted UPDATE is the pseudonymisation done by a data-subject erasure
-- (core/subject-rights): it runs with the transaction-local setting kinmu.audit_pseudonymise = on
-- and may change who (actor, target, detail), never which event, when, or of what kind.
-- ALTER and DROP cannot be stopped by a trigger: in production the table belongs to a separate
-- owner role and the app role has only SELECT and INSERT on it (docs/privacy.md, "Audit log").
create or replace function audit_log_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and current_setting('kinmu.audit_pseudonymise', true) = 'on'
     and new.id = old.id and new.at = old.at and new.action = old.action
     and new.target_type is not distinct from old.target_type then
    return new;
  end if;
  raise exception 'audit_log is append-only';
end $$;

create function audit_log_statement_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and current_setting('kinmu.audit_pseudonymise', true) = 'on' then
    return null;
  end if;
  raise exception 'audit_log is append-only: % refused', tg_op;
end $$;

create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_statement_guard();
create trigger audit_log_no_change_statement before update or delete on audit_log
  for each statement execute function audit_log_statement_guard();

-- One row per erasure: when, by whom and under which pseudonym the person's audit entries now
-- stand. Nothing here leads back to the person (the old id is not kept anywhere).
create table subject_erasure (
  id          bigint generated always as identity primary key,
  pseudonym   uuid not null unique,
  erased_at   timestamptz not null default now(),
  erased_by   uuid references employee(id),
  reason      text not null
);
