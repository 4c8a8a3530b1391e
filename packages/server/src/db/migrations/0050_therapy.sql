-- Therapy: clinician licensure and supervision, note templates, individual and family session notes
-- (signed notes never change: addenda and co-signatures are their own rows), the group catalogue,
-- recurring groups, attendance, versioned group notes, the structured program day and outings.
-- Every key leads with organization_id (DESIGN.md principle 10).

create table thr_settings (
  organization_id uuid not null references organizations(id),
  note_deadline_hours integer not null default 24 check (note_deadline_hours between 1 and 720),
  family_minimum_minutes integer not null default 26 check (family_minimum_minutes between 1 and 120),
  expected_hours jsonb not null,
  version integer not null default 1,
  primary key (organization_id)
);

-- Licensure and supervision per clinician: a note by an unlicensed clinician waits for a co-signature.
create table thr_clinician_profiles (
  organization_id uuid not null,
  user_id uuid not null,
  licensed boolean not null,
  credential text,
  supervisor_id uuid,
  version integer not null default 1,
  updated_at timestamptz not null,
  primary key (organization_id, user_id),
  foreign key (organization_id, user_id) references users(organization_id, id),
  foreign key (organization_id, supervisor_id) references users(organization_id, id),
  check (supervisor_id is null or supervisor_id <> user_id)
);

create table thr_note_templates (
  organization_id uuid not null references organizations(id),
  id uuid not null,
  name text not null,
  sections jsonb not null,
  active boolean not null default true,
  version integer not null default 1,
  primary key (organization_id, id)
);
create unique index thr_note_templates_name on thr_note_templates (organization_id, lower(name));

-- Individual and family sessions with their note. Editable while a draft; once signed_at is set the
-- row never changes (trigger below): corrections are addenda, co-signatures their own rows.
create table thr_sessions (
  organization_id uuid not null,
  id uuid not null,
  patient_id uuid not null,
  episode_id uuid,
  facility_id uuid not null,
  clinician_id uuid not null,
  kind text not null check (kind in ('individual', 'family_with_patient', 'family_without_patient')),
  modality text not null,
  template_id uuid,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  location text,
  telehealth boolean not null default false,
  family_members jsonb not null default '[]',
  sections jsonb not null default '{}',
  progress jsonb not null default '[]',
  needs_cosign boolean not null default false,
  signed_at timestamptz,
  signed_by uuid,
  billing_code text,
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (organization_id, id),
  foreign key (organization_id, patient_id) references patients(organization_id, id),
  foreign key (organization_id, clinician_id) references users(organization_id, id),
  foreign key (organization_id, template_id) references thr_note_templates(organization_id, id),
  check (ends_at >= starts_at),
  check ((signed_at is null) = (signed_by is null))
);
create index thr_sessions_patient on thr_sessions (organization_id, patient_id, starts_at desc);
create index thr_sessions_clinician on thr_sessions (organization_id, clinician_id, starts_at desc);
create index thr_sessions_unsigned on thr_sessions (organization_id, clinician_id) where signed_at is null;
create index thr_sessions_cosign on thr_sessions (organization_id, signed_at) where needs_cosign;

create or replace function thr_signed_note_immutable() returns trigger language plpgsql as $$
begin
  if old.signed_at is not null then
    raise exception '% %: a signed note never changes (% refused); add an addendum', tg_table_name, old.id, tg_op using errcode = '42501';
  end if;
  if tg_op = 'DELETE' then return old; end if;
  return new;
end;
$$;
create trigger thr_sessions_signed_immutable before update or delete on thr_sessions
  for each row execute function thr_signed_note_immutable();

create table thr_cosignatures (
  organization_id uuid not null,
  id uuid not null,
  note_kind text not null check (note_kind in ('session', 'group')),
  note_id uuid not null,
  cosigned_by uuid not null,
  cosigned_at timestamptz not null,
  primary key (organization_id, id),
  foreign key (organization_id, cosigned_by) references users(organization_id, id)
);
create unique index thr_cosignatures_once on thr_cosignatures (organization_id, note_kind, note_id);

create table thr_addenda (
  organization_id uuid not null,
  id uuid not null,
  session_id uuid not null,
  body text not null,
  reason text not null,
  written_by uuid not null,
  written_at timestamptz not null,
  primary key (organization_id, id),
  foreign key (organization_id, session_id) references thr_sessions(organization_id, id),
  foreign key (organization_id, written_by) references users(organization_id, id)
);
create index thr_addenda_session on thr_addenda (organization_id, session_id, written_at);

-- Group catalogue and recurring groups.
create table thr_group_types (
  organization_id uuid not null references organizations(id),
  id uuid not null,
  name text not null,
  category text not null check (category in ('relapse_prevention', 'cbt_skills', 'dbt_skills', 'psychoeducation', 'family_education', 'twelve_step', 'process', 'other')),
  description text,
  peer_led boolean not null default false,
  default_minutes integer not null default 60 check (default_minutes between 5 and 480),
  active boolean not null default true,
  version integer not null default 1,
  primary key (organization_id, id)
);
create unique index thr_group_types_name on thr_group_types (organization_id, lower(name));

create table thr_group_series (
  organization_id uuid not null,
  id uuid not null,
  group_type_id uuid not null,
  facility_id uuid not null,
  title text not null,
  leader_id uuid not null,
  levels_of_care text[] not null,
  rrule text not null,
  first_starts_at timestamptz not null,
  duration_minutes integer not null check (duration_minutes between 5 and 480),
  location text,
  active boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null,
  primary key (organization_id, id),
  foreign key (organization_id, group_type_id) references thr_group_types(organization_id, id),
  foreign key (organization_id, facility_id) references facilities(organization_id, id),
  foreign key (organization_id, leader_id) references users(organization_id, id)
);
create index thr_group_series_facility on thr_group_series (organization_id, facility_id) where active;

create table thr_group_sessions (
  organization_id uuid not null,
  id uuid not null,
  series_id uuid not null,
  facility_id uuid not null,
  leader_id uuid not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  status text not null default 'scheduled' check (status in ('scheduled', 'cancelled')),
  primary key (organization_id, id),
  foreign key (organization_id, series_id) references thr_group_series(organization_id, id),
  check (ends_at > starts_at)
);
create unique index thr_group_sessions_occurrence on thr_group_sessions (organization_id, series_id, starts_at);
create index thr_group_sessions_day on thr_group_sessions (organization_id, facility_id, starts_at);
create index thr_group_sessions_leader on thr_group_sessions (organization_id, leader_id, starts_at);

create table thr_group_attendance (
  organization_id uuid not null,
  group_session_id uuid not null,
  patient_id uuid not null,
  status text not null check (status in ('present', 'late', 'left_early', 'absent', 'excused')),
  minutes integer check (minutes between 0 and 480),
  recorded_by uuid not null,
  recorded_at timestamptz not null,
  version integer not null default 1,
  primary key (organization_id, group_session_id, patient_id),
  foreign key (organization_id, group_session_id) references thr_group_sessions(organization_id, id),
  foreign key (organization_id, patient_id) references patients(organization_id, id)
);
create index thr_group_attendance_patient on thr_group_attendance (organization_id, patient_id);

-- One group note per group session. The draft is editable; each signature makes an append-only
-- version (the shared text) and per-attendee entries (each attendee's individualized part). Adding a
-- late attendee, removing one, or amending the shared text is a new version: earlier ones stay.
create table thr_group_notes (
  organization_id uuid not null,
  id uuid not null,
  group_session_id uuid not null,
  author_id uuid not null,
  draft jsonb not null,
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (organization_id, id),
  foreign key (organization_id, group_session_id) references thr_group_sessions(organization_id, id)
);
create unique index thr_group_notes_session on thr_group_notes (organization_id, group_session_id);

create table thr_group_note_versions (
  organization_id uuid not null,
  group_note_id uuid not null,
  version_no integer not null check (version_no >= 1),
  change text not null check (change in ('signed', 'attendee-added', 'attendee-removed', 'shared-amended')),
  reason text,
  shared jsonb not null,
  signed_by uuid not null,
  signed_at timestamptz not null,
  primary key (organization_id, group_note_id, version_no),
  foreign key (organization_id, group_note_id) references thr_group_notes(organization_id, id),
  foreign key (organization_id, signed_by) references users(organization_id, id),
  check ((change = 'signed') = (version_no = 1)),
  check (change = 'signed' or reason is not null)
);

create table thr_group_note_entries (
  organization_id uuid not null,
  group_note_id uuid not null,
  version_no integer not null,
  patient_id uuid not null,
  status text not null check (status in ('included', 'removed')),
  participation text,
  progress text,
  objective_ref text,
  primary key (organization_id, group_note_id, version_no, patient_id),
  foreign key (organization_id, group_note_id, version_no) references thr_group_note_versions(organization_id, group_note_id, version_no),
  foreign key (organization_id, patient_id) references patients(organization_id, id)
);
create index thr_group_note_entries_patient on thr_group_note_entries (organization_id, patient_id, group_note_id);

create trigger thr_addenda_append_only before update or delete on thr_addenda for each row execute function append_only();
create trigger thr_cosignatures_append_only before update or delete on thr_cosignatures for each row execute function append_only();
create trigger thr_group_note_versions_append_only before update or delete on thr_group_note_versions for each row execute function append_only();
create trigger thr_group_note_entries_append_only before update or delete on thr_group_note_entries for each row execute function append_only();

-- The structured day: a program-day template per facility and level of care, attendance for its
-- activities, outings with sign-out and sign-in.
create table thr_day_templates (
  organization_id uuid not null,
  id uuid not null,
  facility_id uuid not null,
  level_of_care text not null,
  items jsonb not null,
  version integer not null default 1,
  primary key (organization_id, id),
  foreign key (organization_id, facility_id) references facilities(organization_id, id)
);
create unique index thr_day_templates_one on thr_day_templates (organization_id, facility_id, level_of_care);

create table thr_activity_attendance (
  organization_id uuid not null,
  patient_id uuid not null,
  day date not null,
  item_key text not null,
  status text not null check (status in ('present', 'late', 'left_early', 'absent', 'excused')),
  recorded_by uuid not null,
  recorded_at timestamptz not null,
  primary key (organization_id, patient_id, day, item_key),
  foreign key (organization_id, patient_id) references patients(organization_id, id)
);

create table thr_outings (
  organization_id uuid not null,
  id uuid not null,
  facility_id uuid not null,
  title text not null,
  destination text,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  lead_id uuid not null,
  created_at timestamptz not null,
  primary key (organization_id, id),
  foreign key (organization_id, facility_id) references facilities(organization_id, id),
  check (ends_at > starts_at)
);
create index thr_outings_day on thr_outings (organization_id, facility_id, starts_at);

create table thr_outing_participants (
  organization_id uuid not null,
  outing_id uuid not null,
  patient_id uuid not null,
  signed_out_at timestamptz,
  signed_out_by uuid,
  signed_in_at timestamptz,
  signed_in_by uuid,
  version integer not null default 1,
  primary key (organization_id, outing_id, patient_id),
  foreign key (organization_id, outing_id) references thr_outings(organization_id, id),
  foreign key (organization_id, patient_id) references patients(organization_id, id),
  check (signed_in_at is null or (signed_out_at is not null and signed_in_at >= signed_out_at))
);
