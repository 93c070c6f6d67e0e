-- Issue 19, the daily signals' messages: morning card after a short rest, the manager's weekly
-- count, the in-office gap confirmation card, the 定時退庁日 nudge and the manager's list.
-- Every one of them is a row of the one outbox (delivery), keyed once per person and day/week;
-- the only new state is who does not want the 定時退庁日 nudge.

-- People who opted out of the 定時退庁日 nudge (the card's button; pressing it again opts back in).
-- Kept apart from employee_preference so that opting out does not freeze a person's quiet hours
-- to the defaults of that table (quietHoursOf reads a row there as the person's own hours).
create table leave_on_time_opt_out (
  employee_id  uuid primary key references employee(id) on delete cascade,
  opted_out_at timestamptz not null default now()
);
