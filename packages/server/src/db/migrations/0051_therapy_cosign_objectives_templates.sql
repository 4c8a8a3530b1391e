-- Therapy, second pass.
-- 1. A group note signed by an intern or unlicensed counselor waits for the supervisor's co-signature
--    (the co-signature itself is a thr_cosignatures row, note_kind 'group').
-- 2. Progress on a group attendee's part names the treatment-plan objective it is about: the
--    objective's id and the signed plan version it was read from (the planning stage owns the plan).
-- 3. Note templates keep every version, and a signed session note points at the version it was
--    signed with, so editing a template never changes how a signed note reads.

alter table thr_group_notes add column needs_cosign boolean not null default false;

alter table thr_group_note_entries add column objective_id text;
alter table thr_group_note_entries add column plan_version_id uuid;
alter table thr_group_note_entries add constraint thr_group_note_entries_objective_version
  check ((objective_id is null) = (plan_version_id is null));

create table thr_note_template_versions (
  organization_id uuid not null,
  template_id uuid not null,
  version integer not null check (version >= 1),
  name text not null,
  sections jsonb not null,
  active boolean not null,
  changed_by uuid,
  changed_at timestamptz not null,
  primary key (organization_id, template_id, version),
  foreign key (organization_id, template_id) references thr_note_templates(organization_id, id)
);
create trigger thr_note_template_versions_append_only before update or delete on thr_note_template_versions
  for each row execute function append_only();

insert into thr_note_template_versions (organization_id, template_id, version, name, sections, active, changed_by, changed_at)
  select organization_id, id, version, name, sections, active, null, now() from thr_note_templates;

alter table thr_sessions add column template_version integer;
