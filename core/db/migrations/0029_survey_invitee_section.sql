-- Issue 20 (pulse surveys): each invitee keeps the section they were asked in, when the survey opened.
--
-- Their answer is counted there (not where they sit when they answer), the response rate's base
-- is the same sections, and a results reader who answered counts as knowing one answer of that
-- section even after moving (人事異動). Taken from where the reader sits now, a reader who answered
-- in a 5-person section and then moved would be shown that section's 5 answers, subtract their own
-- and read the other 4. It says only who was asked in which section (org data at the opening),
-- nothing about answering.
alter table survey_invitee add column section_id uuid references section(id);
update survey_invitee i set section_id = e.section_id from employee e where e.id = i.employee_id;
alter table survey_invitee alter column section_id set not null;
