-- A discharge ends the episode's withdrawal-management course (care calls withdrawal's service).
alter table wm_courses drop constraint if exists wm_courses_outcome_check;
alter table wm_courses add constraint wm_courses_outcome_check check (outcome in ('completed', 'higher_level', 'against_advice', 'discharged'));
