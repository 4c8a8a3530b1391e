-- Medication administrations are part of the legal record: never updated or deleted (DESIGN.md
-- principle 3). The effect of an as-needed dose is its own entry pointing at the administration.
create table wm_reassessments (
  organization_id uuid not null,
  id uuid primary key,
  medication_event_id uuid not null references wm_medication_events(id),
  effect text not null,
  recorded_at timestamptz not null,
  recorded_by uuid not null references users(id)
);
create index wm_reassessments_event on wm_reassessments (organization_id, medication_event_id, recorded_at desc);

insert into wm_reassessments (organization_id, id, medication_event_id, effect, recorded_at, recorded_by)
select organization_id, id, id, effect, reassessed_at, recorded_by from wm_medication_events where reassessed_at is not null;

alter table wm_medication_events drop column reassessed_at;
alter table wm_medication_events drop column effect;

create or replace function append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = '42501';
end;
$$;
create trigger wm_medication_events_append_only before update or delete on wm_medication_events
  for each row execute function append_only();
create trigger wm_reassessments_append_only before update or delete on wm_reassessments
  for each row execute function append_only();
