-- Issue 18: re-importing a file writes nothing for the person-months it does not change, and finds
-- them without reading their days. The import hashes each person-month of the file as it stages it
-- (day mask and the ten day arrays) and keeps the hash on the row it writes when the file held the
-- whole month; a later import sends only the months whose hash differs. The hash vouches for the
-- days only while nothing else has written the row: any update that does not set file_hash itself
-- (retention, demo data, erasure) clears it, and that month is then compared day by day as before.
alter table attendance_month add column file_hash uuid;

create function attendance_month_hash_cleared() returns trigger
language plpgsql as $$
begin
  new.file_hash := null;
  return new;
end $$;

create trigger attendance_month_hash_cleared before update on attendance_month
  for each row when (old.file_hash is not null and new.file_hash is not distinct from old.file_hash)
  execute function attendance_month_hash_cleared();
