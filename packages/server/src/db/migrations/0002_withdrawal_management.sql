-- Withdrawal management: program-editable protocols, a course per episode, the bedside flowsheet,
-- comfort and induction medications. Alerts gain de-duplication, auto-resolution and escalation.

create table wm_protocols (
  organization_id uuid not null references organizations(id),
  id uuid primary key,
  name text not null,
  kind text not null check (kind in ('buprenorphine_induction', 'methadone_stabilization', 'symptom_triggered', 'taper')),
  config jsonb not null,
  active boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null default now()
);
create index wm_protocols_org on wm_protocols (organization_id, active);

create table wm_courses (
  organization_id uuid not null,
  id uuid primary key,
  episode_id uuid not null references episodes(id),
  patient_id uuid not null references patients(id),
  facility_id uuid not null references facilities(id),
  protocol_id uuid not null references wm_protocols(id),
  -- The protocol as it was when the course started: later edits do not change a running course.
  protocol jsonb not null,
  started_at timestamptz not null,
  last_use_at timestamptz,
  last_use_kind text not null check (last_use_kind in ('short_acting', 'long_acting', 'unknown')),
  status text not null check (status in ('active', 'completed')),
  completed_at timestamptz,
  outcome text check (outcome in ('completed', 'higher_level', 'against_advice')),
  next_level text,
  first_dose_at timestamptz,
  started_by uuid not null references users(id),
  version integer not null default 1
);
create unique index wm_courses_one_active on wm_courses (episode_id) where status = 'active';
create index wm_courses_board on wm_courses (organization_id, facility_id, status);
create index wm_courses_patient on wm_courses (organization_id, patient_id, started_at desc);

create table wm_observations (
  organization_id uuid not null,
  id uuid primary key,
  course_id uuid not null references wm_courses(id),
  patient_id uuid not null references patients(id),
  observed_at timestamptz not null,
  recorded_by uuid not null references users(id),
  cows_items jsonb,
  cows_total integer check (cows_total between 0 and 48),
  cows_band text,
  pulse_bpm integer,
  sows_instrument text,
  sows_items jsonb,
  sows_total integer,
  systolic integer,
  diastolic integer,
  heart_rate integer,
  respiratory_rate integer,
  temperature_c numeric(4, 1),
  spo2 integer,
  pain integer,
  note text,
  created_at timestamptz not null default now()
);
create index wm_observations_course on wm_observations (organization_id, course_id, observed_at desc);

create table wm_medication_events (
  organization_id uuid not null,
  id uuid primary key,
  course_id uuid not null references wm_courses(id),
  patient_id uuid not null references patients(id),
  medication text not null,
  dose_mg numeric(8, 3),
  outcome text not null check (outcome in ('given', 'held', 'refused')),
  reason text,
  -- The hold parameters and the vitals they were checked against, as used.
  hold_check jsonb,
  basis_observation_id uuid references wm_observations(id),
  first_dose boolean not null default false,
  findings jsonb not null default '[]',
  override_reason text,
  occurred_at timestamptz not null,
  recorded_by uuid not null references users(id),
  reassess_due_at timestamptz,
  reassessed_at timestamptz,
  effect text
);
create index wm_medication_events_course on wm_medication_events (organization_id, course_id, occurred_at desc);
-- One first dose per course, even when two nurses press at once.
create unique index wm_first_dose_once on wm_medication_events (course_id) where first_dose and outcome = 'given';

alter table alerts add column dedupe_key text;
alter table alerts add column resolved_at timestamptz;
alter table alerts add column escalated_at timestamptz;
alter table alerts add column audience text[] not null default '{}';
-- One open alert per cause: an overdue check is raised once, not every minute.
create unique index alerts_open_dedupe on alerts (organization_id, patient_id, dedupe_key)
  where dedupe_key is not null and acknowledged_at is null and resolved_at is null;
create index alerts_unacknowledged on alerts (organization_id, raised_at) where acknowledged_at is null and resolved_at is null;
