-- Acknowledging an alert can record the action taken; a suicide-risk alert requires it.
alter table alerts add column action_taken text;
