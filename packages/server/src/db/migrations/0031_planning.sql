-- Planning stage (plan_): one treatment plan per episode, in numbered versions. A version is edited
-- while a draft and frozen once signed by the patient and the clinician; a change is a new version.
create table plan_plans (
  organization_id uuid not null,
  id uuid not null,
  patient_id uuid not null,
  episode_id uuid not null,
  created_by uuid not null,
  created_at timestamptz not null,
  primary key (organization_id, id),
  unique (organization_id, episode_id),
  foreign key (organization_id, patient_id) references patients (organization_id, id),
  foreign key (organization_id, episode_id) references episodes (organization_id, id)
);
create index plan_plans_patient on plan_plans (organization_id, patient_id);

create table plan_versions (
  organization_id uuid not null,
  id uuid not null,
  plan_id uuid not null,
  number integer not null,
  content jsonb not null,
  status text not null default 'draft' check (status in ('draft', 'signed')),
  change_reason text,
  version integer not null default 1,
  created_by uuid not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  patient_signed_name text,
  patient_signed_at timestamptz,
  patient_signature_witnessed_by uuid,
  clinician_signed_name text,
  clinician_signed_by uuid,
  clinician_signed_at timestamptz,
  signed_at timestamptz,
  level_of_care text,
  review_due_on date,
  primary key (organization_id, id),
  unique (organization_id, plan_id, number),
  foreign key (organization_id, plan_id) references plan_plans (organization_id, id)
);
create unique index plan_versions_one_draft on plan_versions (organization_id, plan_id) where status = 'draft';
create index plan_versions_review_due on plan_versions (organization_id, review_due_on) where status = 'signed';

create or replace function plan_signed_is_final() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'plan versions are never deleted' using errcode = '42501';
  end if;
  if old.status = 'signed' then
    raise exception 'a signed plan version never changes: make a new version' using errcode = '42501';
  end if;
  return new;
end;
$$;
create trigger plan_versions_final before update or delete on plan_versions
  for each row execute function plan_signed_is_final();

-- Days between plan reviews per level of care (program setting; defaults are UNVERIFIED, configurable).
create table plan_review_settings (
  organization_id uuid not null,
  level_of_care text not null,
  review_days integer not null check (review_days between 1 and 365),
  updated_by uuid,
  updated_at timestamptz,
  primary key (organization_id, level_of_care)
);
