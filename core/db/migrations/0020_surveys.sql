-- Issue 20 (pulse surveys): short anonymous surveys sent through the outbox (core/delivery).
--
-- Anonymity by design (docs/surveys.md): the answers and the fact that someone answered live in
-- two tables that share no column but the survey. survey_answer has no person, no timestamp and a
-- random id; it carries the one org unit the results are cut by (the section at the time of the
-- first answer; its bureau is read from the org tree). survey_respondent says only that a person answered (reminders, no second answer).
-- The one link between a person and their answers is the receipt, a random secret the respondent
-- holds on their card; the database keeps only its SHA-256.

create table survey (
  id            uuid primary key default gen_random_uuid(),
  title         text not null check (length(title) between 1 and 120),
  intro         text not null default '' check (length(intro) <= 1000),
  -- Rounds of the same pulse survey share a series name; results compare a round with the one before.
  series        text check (series is null or length(series) between 1 and 80),
  questions     jsonb not null,
  audience      jsonb not null,
  opens_at      timestamptz not null,
  closes_at     timestamptz not null check (closes_at > opens_at),
  -- Non-respondents are reminded once, at this time (null: no reminder).
  remind_at     timestamptz check (remind_at is null or (remind_at > opens_at and remind_at < closes_at)),
  state         text not null default 'draft' check (state in ('draft', 'scheduled', 'open', 'closed')),
  invited_count int,
  created_by    uuid not null references employee(id),
  created_at    timestamptz not null default now()
);
create index survey_series_idx on survey (series, opens_at) where series is not null;
create index survey_state_idx on survey (state) where state in ('scheduled', 'open');

-- Who was asked (the audience when the survey opened): reminders go to invitees who have not answered.
create table survey_invitee (
  survey_id   uuid not null references survey(id) on delete cascade,
  employee_id uuid not null references employee(id),
  primary key (survey_id, employee_id)
);

-- That a person answered; nothing else (no time, no answer, no section).
create table survey_respondent (
  survey_id   uuid not null references survey(id) on delete cascade,
  employee_id uuid not null references employee(id),
  primary key (survey_id, employee_id)
);

-- The answers, without the person. No created_at/updated_at: a time would re-link an answer to the
-- respondent row written in the same instant (or to the card's delivery time).
create table survey_answer (
  id            uuid primary key default gen_random_uuid(),
  survey_id     uuid not null references survey(id) on delete cascade,
  section_id    uuid not null references section(id),
  receipt_hash  bytea not null unique,
  answers       jsonb not null
);
create index survey_answer_survey_idx on survey_answer (survey_id, section_id);
