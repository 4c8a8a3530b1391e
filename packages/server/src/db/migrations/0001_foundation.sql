-- Foundation: organizations, facilities, users, sessions, patients, episodes of care, care teams,
-- timeline, alerts, audit. Every tenant table leads with organization_id (DESIGN.md principle 10).
-- Nothing newer than PostgreSQL 15: ids are UUIDv7 made in TypeScript.

create extension if not exists pg_trgm;

create table organizations (
  id uuid primary key,
  name text not null,
  mfa_required boolean not null default false,
  idle_timeout_minutes integer not null default 15 check (idle_timeout_minutes between 1 and 720),
  created_at timestamptz not null default now()
);

create table facilities (
  organization_id uuid not null references organizations(id),
  id uuid not null,
  name text not null,
  time_zone text not null,
  bed_count integer not null check (bed_count >= 0),
  levels_of_care text[] not null,
  created_at timestamptz not null default now(),
  primary key (organization_id, id),
  unique (id)
);

create table users (
  organization_id uuid not null references organizations(id),
  id uuid not null,
  email text not null,
  display_name text not null,
  role text not null,
  password_hash text not null,
  active boolean not null default true,
  mfa_secret text,
  mfa_enabled boolean not null default false,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  primary key (organization_id, id),
  unique (id)
);
create unique index users_email on users (lower(email));

create table user_facilities (
  organization_id uuid not null,
  user_id uuid not null references users(id),
  facility_id uuid not null references facilities(id),
  primary key (organization_id, user_id, facility_id)
);

create table sessions (
  token_hash text primary key,
  organization_id uuid not null,
  user_id uuid not null references users(id),
  kind text not null check (kind in ('session', 'api-token')),
  name text,
  mfa_verified boolean not null default false,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  ended_at timestamptz
);
create index sessions_user on sessions (organization_id, user_id) where ended_at is null;

create table mrn_counters (
  organization_id uuid primary key references organizations(id),
  next_value bigint not null
);

create table patients (
  organization_id uuid not null references organizations(id),
  id uuid not null,
  mrn text not null,
  legal_given_name text not null,
  legal_family_name text not null,
  preferred_name text,
  birth_date date not null,
  sex_at_birth text not null,
  gender_identity text,
  phone text,
  email text,
  address text,
  preferred_language text not null default 'en',
  emergency_contact jsonb,
  photo text,
  allergies jsonb not null default '[]',
  facility_id uuid not null references facilities(id),
  user_id uuid references users(id),
  search_name text not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, id),
  unique (id),
  unique (organization_id, mrn)
);
create index patients_name_trgm on patients using gin (search_name gin_trgm_ops);
create index patients_birth on patients (organization_id, birth_date);
create index patients_family on patients (organization_id, lower(legal_family_name), birth_date);
create unique index patients_user on patients (user_id) where user_id is not null;

create table episodes (
  organization_id uuid not null,
  id uuid not null,
  patient_id uuid not null references patients(id),
  facility_id uuid not null references facilities(id),
  level_of_care text not null,
  bed text,
  status text not null check (status in ('active', 'discharged')),
  admitted_at timestamptz not null,
  last_opioid_use_at timestamptz,
  discharged_at timestamptz,
  discharge_type text,
  discharge_reason text,
  naloxone_given boolean,
  version integer not null default 1,
  created_by uuid not null references users(id),
  primary key (organization_id, id),
  unique (id),
  check ((status = 'discharged') = (discharged_at is not null))
);
-- One active episode per patient, guarded in the database (DESIGN.md principle 5).
create unique index episodes_one_active on episodes (patient_id) where status = 'active';
create index episodes_census on episodes (organization_id, facility_id, status);
create index episodes_patient on episodes (organization_id, patient_id, admitted_at desc);

create table level_of_care_changes (
  organization_id uuid not null,
  id uuid not null primary key,
  episode_id uuid not null references episodes(id),
  from_level text,
  to_level text not null,
  direction text not null check (direction in ('admission', 'step-down', 'step-up', 'lateral')),
  reason text not null,
  changed_at timestamptz not null,
  changed_by uuid not null references users(id)
);
create index level_changes_episode on level_of_care_changes (organization_id, episode_id, changed_at);

create table care_team_members (
  organization_id uuid not null,
  id uuid not null primary key,
  episode_id uuid not null references episodes(id),
  user_id uuid not null references users(id),
  team_role text not null,
  assigned_at timestamptz not null,
  removed_at timestamptz
);
create unique index care_team_active on care_team_members (episode_id, user_id) where removed_at is null;
create index care_team_user on care_team_members (organization_id, user_id) where removed_at is null;

create table patient_events (
  organization_id uuid not null,
  id uuid not null primary key,
  patient_id uuid not null references patients(id),
  episode_id uuid references episodes(id),
  occurred_at timestamptz not null,
  kind text not null,
  summary text not null,
  detail jsonb not null default '{}',
  actor_id uuid references users(id)
);
create index patient_events_timeline on patient_events (organization_id, patient_id, occurred_at desc, id desc);

create table alerts (
  organization_id uuid not null,
  id uuid not null primary key,
  patient_id uuid not null references patients(id),
  episode_id uuid references episodes(id),
  kind text not null,
  severity text not null check (severity in ('info', 'warning', 'critical')),
  message text not null,
  raised_at timestamptz not null,
  acknowledged_at timestamptz,
  acknowledged_by uuid references users(id)
);
create index alerts_open on alerts (organization_id, patient_id) where acknowledged_at is null;

-- Append-only, hash-chained per organization: each row's hash covers its content and the previous hash.
create table audit_log (
  organization_id uuid not null,
  seq bigint not null,
  id uuid not null unique,
  occurred_at timestamptz not null,
  user_id uuid,
  role text,
  patient_id uuid,
  resource_type text not null,
  resource_id text,
  action text not null,
  outcome text not null,
  source_ip text,
  request_id text,
  prev_hash text not null,
  hash text not null,
  primary key (organization_id, seq)
);
create index audit_patient on audit_log (organization_id, patient_id, occurred_at desc) where patient_id is not null;
create index audit_user on audit_log (organization_id, user_id, occurred_at desc);

create table idempotency_keys (
  organization_id uuid not null,
  user_id uuid not null,
  key text not null,
  method text not null,
  path text not null,
  request_hash text not null,
  status integer not null,
  body jsonb,
  created_at timestamptz not null default now(),
  primary key (organization_id, user_id, key)
);
