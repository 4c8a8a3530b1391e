-- Guest dosing: the visit of a patient of another program, kept whole (home program, its contact, who
-- the dose was verified with and by whom, the visit dates) so the record answers who vouched for the dose.
alter table med_doses add column guest jsonb;
