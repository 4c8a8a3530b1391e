-- Discharging an episode ends its withdrawal-management course (outcome 'discharged'), so the
-- patient leaves the unit board, overdue checks stop and nothing more can be charted on it.
alter table wm_courses drop constraint wm_courses_outcome_check;
alter table wm_courses add constraint wm_courses_outcome_check check (outcome in ('completed', 'higher_level', 'against_advice', 'discharged'));
