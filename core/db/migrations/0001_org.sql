-- The organisation: ministry → bureau (局/部) → section (課/室) → employee.

create table ministry (
  id          text primary key,
  name        text not null,
  name_en     text,
  tenant_id   text
);

create table bureau (
  id          uuid primary key default gen_random_uuid(),
  ministry_id text not null references ministry(id),
  code        text not null unique,
  name        text not null,
  name_en     text,
  -- The plan sets separate overtime targets for regional branches (地方支分部局).
  kind        text not null check (kind in ('headquarters', 'external_agency', 'regional_branch')),
  sort_order  integer not null default 0
);

create table section (
  id            uuid primary key default gen_random_uuid(),
  bureau_id     uuid not null references bureau(id),
  code          text not null unique,
  name          text not null,
  name_en       text,
  -- 他律部署: sections whose workload is set by others (Diet, budget); higher overtime caps apply.
  heteronomous  boolean not null default false
);
create index section_bureau_idx on section (bureau_id);

create table employee (
  id               uuid primary key default gen_random_uuid(),
  employee_no      text not null unique,
  entra_oid        uuid unique,
  upn              text unique,
  family_name      text not null,
  given_name       text not null,
  family_name_kana text,
  given_name_kana  text,
  section_id       uuid not null references section(id),
  manager_id       uuid references employee(id),
  is_managerial    boolean not null default false,
  gender           text check (gender in ('male', 'female', 'other')),
  locale           text not null default 'ja' check (locale in ('ja', 'en')),
  active           boolean not null default true,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now()
);
create index employee_section_idx on employee (section_id);
create index employee_manager_idx on employee (manager_id);

-- Roles granted inside the app (the token's app roles add to these). Bureau-scoped roles name the bureau.
create table role_assignment (
  employee_id uuid not null references employee(id) on delete cascade,
  role        text not null check (role in ('hr', 'wlb_officer', 'executive', 'admin')),
  bureau_id   uuid references bureau(id),
  unique nulls not distinct (employee_id, role, bureau_id)
);

-- Per-person preferences the bot honours.
create table employee_preference (
  employee_id  uuid primary key references employee(id) on delete cascade,
  quiet_start  time not null default '20:00',
  quiet_end    time not null default '08:00',
  updated_at   timestamptz not null default now()
);

-- Where to reach a person proactively. Keyed by the Entra object id so that a chat from someone
-- not yet imported is still reachable once the org import catches up.
create table conversation_ref (
  aad_object_id   text primary key,
  tenant_id       text,
  conversation_id text not null,
  service_url     text not null,
  reference       jsonb not null,
  locale          text,
  updated_at      timestamptz not null default now()
);

create table setting (
  key         text primary key,
  value       jsonb not null,
  updated_by  uuid references employee(id),
  updated_at  timestamptz not null default now()
);

-- Append-only: who read or changed what. Updates and deletes are refused by the trigger below.
create table audit_log (
  id          bigint generated always as identity primary key,
  at          timestamptz not null default now(),
  actor_id    uuid,
  actor_label text,
  action      text not null,
  target_type text,
  target_id   text,
  detail      jsonb
);
create index audit_log_at_idx on audit_log (at);
create index audit_log_target_idx on audit_log (target_type, target_id);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end $$;
create trigger audit_log_no_change before update or delete on audit_log
  for each row execute function audit_log_append_only();
