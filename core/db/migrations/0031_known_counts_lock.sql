-- The known counts (org_known_month, 0014) join two tables: each person-month of overtime_month is
-- credited to the person's ancestors in org_closure. The triggers that keep them read the other table
-- as their statement sees it, so two transactions writing the two sides at once each miss the other's
-- rows: the attendance import writes B's month (credited to B's manager M) while the org import moves
-- B under another manager (which takes away the months of B's it can see — not the one being
-- written). Both commit, and M's count keeps B: a section then looks as if all its rows were M's
-- people, the risk page names B to M, and the group-size floor counts B as known to M.
--
-- One advisory transaction lock, taken before every statement that can change either side, makes
-- those writers take turns: the second waits for the first to commit, and under READ COMMITTED each
-- statement of its triggers then sees what the first wrote. Only the columns the counts depend on take
-- it (a locale or sign-in binding update of employee does not wait for an import). The attendance import
-- and the Graph sync already hold their own locks; this one is always taken after those.
-- core/dashboard/risk.attack.test.ts runs the two transactions against each other.
create function known_counts_lock() returns trigger language plpgsql as $$
begin
  perform pg_advisory_xact_lock(4242010);
  return null;
end $$;

create trigger employee_known_counts_lock
  before insert or delete or update of manager_id, active, section_id, is_managerial on employee
  for each statement execute function known_counts_lock();
create trigger overtime_month_known_counts_lock
  before insert or delete or update of employee_id, month, section_id, is_managerial on overtime_month
  for each statement execute function known_counts_lock();
