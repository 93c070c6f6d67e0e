-- Issue 18: overtime_month_month_idx (month, section_id) is a prefix of overtime_month_section_hours_idx
-- (month, section_id, overtime_minutes desc, employee_id) of 0014: every read it served, the wider
-- index serves by the same leading columns, while each person-month an import writes paid one more
-- index entry for it.
drop index if exists overtime_month_month_idx;
