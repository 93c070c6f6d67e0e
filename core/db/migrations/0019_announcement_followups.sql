-- Issue 20 (announcements half): what finishes the job after the first send.

-- Reminders to people who have not acknowledged: the first after `reminder_after_minutes` from the
-- start of sending, then every as many minutes again, at most `reminder_max` times. The reminder
-- messages themselves are outbox rows (purpose 'announcement.reminder', subject '<id>:<round>'):
-- their unique key makes each round once-only per person, however many processes look.
alter table announcement
  add column reminder_after_minutes integer check (reminder_after_minutes between 60 and 20160),
  add column reminder_max smallint not null default 0 check (reminder_max between 0 and 5);

-- "Who was reminded" per announcement reads the reminder rows by subject prefix.
create index delivery_reminder_idx on delivery (subject text_pattern_ops) where purpose = 'announcement.reminder';
