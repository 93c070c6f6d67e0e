-- Identity: Microsoft Graph org sync (users with department, jobTitle, manager by delta query).

-- Entra `department` strings → the section they belong to. HR maintains it (tab settings or SQL);
-- a department with no row here (and no section of the same name) is reported as unmapped.
create table department_mapping (
  -- NFKC-normalised and trimmed, so 全角/半角 and stray spaces do not make a second key.
  department  text primary key,
  section_id  uuid not null references section(id),
  updated_by  uuid references employee(id),
  updated_at  timestamptz not null default now()
);

-- What Graph last said about each user. Managers are resolved through this table on every run, so a
-- manager who arrives in a later delta page (or a later run) is still linked.
create table graph_user (
  entra_oid        uuid primary key,
  employee_id      uuid references employee(id) on delete set null,
  department       text,
  job_title        text,
  manager_oid      uuid,
  account_enabled  boolean not null default true,
  removed          boolean not null default false,
  seen_at          timestamptz not null default now()
);
create index graph_user_employee_idx on graph_user (employee_id);

-- One row per sync stream: the @odata.deltaLink to resume from (stored only when a run is applied).
create table graph_sync_state (
  stream      text primary key,
  delta_link  text,
  updated_at  timestamptz not null default now()
);

-- Every run, dry or applied, with its report (employee numbers and counts only, no names).
create table graph_sync_run (
  id           bigint generated always as identity primary key,
  started_at   timestamptz not null default now(),
  finished_at  timestamptz,
  mode         text not null check (mode in ('dry_run', 'apply')),
  status       text not null check (status in ('running', 'done', 'failed')),
  report       jsonb,
  error        text
);
create index graph_sync_run_started_idx on graph_sync_run (started_at desc);
