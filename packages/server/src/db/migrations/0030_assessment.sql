-- Assessment stage (asm_): the intake biopsychosocial assessment, instruments given over time, the
-- intake point-of-care urine screen and baseline labs, diagnoses, psychiatric medications, placement.
-- Signed records never change: corrections are amendments or new rows pointing at the old one.

-- Once signed, a row is frozen; deletes are never allowed (DESIGN.md principle 3).
create or replace function asm_signed_is_final() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception '% rows are never deleted', tg_table_name using errcode = '42501';
  end if;
  if old.signed_at is not null then
    raise exception '% is signed: a correction is an amendment', tg_table_name using errcode = '42501';
  end if;
  return new;
end;
$$;

create table asm_assessments (
  organization_id uuid not null,
  id uuid not null,
  patient_id uuid not null,
  episode_id uuid not null,
  kind text not null default 'intake',
  sections jsonb not null default '{}',
  status text not null default 'draft' check (status in ('draft', 'signed')),
  version integer not null default 1,
  created_by uuid not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  signed_by uuid,
  signed_name text,
  signed_at timestamptz,
  primary key (organization_id, id),
  unique (organization_id, episode_id, kind),
  foreign key (organization_id, patient_id) references patients (organization_id, id),
  foreign key (organization_id, episode_id) references episodes (organization_id, id)
);
create index asm_assessments_patient on asm_assessments (organization_id, patient_id, created_at desc);
create index asm_assessments_drafts on asm_assessments (organization_id, created_at) where status = 'draft';
create trigger asm_assessments_final before update or delete on asm_assessments
  for each row execute function asm_signed_is_final();

create table asm_amendments (
  organization_id uuid not null,
  id uuid not null,
  assessment_id uuid not null,
  section text not null,
  changes jsonb not null,
  reason text not null,
  amended_by uuid not null,
  amended_at timestamptz not null,
  primary key (organization_id, id),
  foreign key (organization_id, assessment_id) references asm_assessments (organization_id, id)
);
create index asm_amendments_assessment on asm_amendments (organization_id, assessment_id, amended_at);
create trigger asm_amendments_append_only before update or delete on asm_amendments
  for each row execute function append_only();

create table asm_instrument_results (
  organization_id uuid not null,
  id uuid not null,
  patient_id uuid not null,
  episode_id uuid,
  instrument text not null,
  answers jsonb not null,
  context jsonb not null default '{}',
  total integer not null,
  band text,
  detail jsonb not null,
  suicide_risk text check (suicide_risk in ('low', 'moderate', 'high')),
  alert_id uuid,
  administered_at timestamptz not null,
  recorded_by uuid not null,
  recorded_at timestamptz not null,
  primary key (organization_id, id),
  foreign key (organization_id, patient_id) references patients (organization_id, id)
);
create index asm_results_patient on asm_instrument_results (organization_id, patient_id, instrument, administered_at desc);
create trigger asm_results_append_only before update or delete on asm_instrument_results
  for each row execute function append_only();

-- The intake point-of-care urine screen. The labs stage will own lab results; this is only the
-- cup read at admission, with the clinical package's interpretation.
create table asm_drug_screens (
  organization_id uuid not null,
  id uuid not null,
  patient_id uuid not null,
  episode_id uuid not null,
  collected_at timestamptz not null,
  results jsonb not null,
  interpretation jsonb not null,
  recorded_by uuid not null,
  recorded_at timestamptz not null,
  primary key (organization_id, id),
  foreign key (organization_id, patient_id) references patients (organization_id, id)
);
create index asm_drug_screens_patient on asm_drug_screens (organization_id, patient_id, collected_at desc);
create trigger asm_drug_screens_append_only before update or delete on asm_drug_screens
  for each row execute function append_only();

create table asm_lab_orders (
  organization_id uuid not null,
  id uuid not null,
  patient_id uuid not null,
  episode_id uuid not null,
  test_name text not null,
  ordered_at timestamptz not null,
  ordered_by uuid not null,
  status text not null default 'ordered' check (status in ('ordered', 'resulted')),
  resulted_at timestamptz,
  result_summary text,
  version integer not null default 1,
  primary key (organization_id, id),
  foreign key (organization_id, patient_id) references patients (organization_id, id)
);
create index asm_lab_orders_patient on asm_lab_orders (organization_id, patient_id, ordered_at desc);

create table asm_diagnoses (
  organization_id uuid not null,
  id uuid not null,
  patient_id uuid not null,
  episode_id uuid,
  icd10_code text not null,
  description text not null,
  category text not null check (category in ('substance-use', 'mental-health', 'medical')),
  onset_date date,
  status text not null check (status in ('active', 'in-remission', 'resolved', 'ruled-out')),
  resolved_date date,
  basis_result_id uuid,
  diagnosed_by uuid not null,
  diagnosed_at timestamptz not null,
  supersedes_id uuid,
  amendment_reason text,
  signed_by uuid,
  signed_at timestamptz,
  primary key (organization_id, id),
  foreign key (organization_id, patient_id) references patients (organization_id, id),
  foreign key (organization_id, supersedes_id) references asm_diagnoses (organization_id, id)
);
create index asm_diagnoses_patient on asm_diagnoses (organization_id, patient_id, diagnosed_at desc);
create unique index asm_diagnoses_one_correction on asm_diagnoses (organization_id, supersedes_id) where supersedes_id is not null;
create index asm_diagnoses_unsigned on asm_diagnoses (organization_id, diagnosed_at) where signed_at is null;
create trigger asm_diagnoses_final before update or delete on asm_diagnoses
  for each row execute function asm_signed_is_final();

create table asm_psych_medications (
  organization_id uuid not null,
  id uuid not null,
  patient_id uuid not null,
  name text not null,
  dose text not null,
  frequency text not null,
  prescribed_by text,
  started_on date,
  stopped_on date,
  stop_reason text,
  recorded_by uuid not null,
  recorded_at timestamptz not null,
  version integer not null default 1,
  primary key (organization_id, id),
  foreign key (organization_id, patient_id) references patients (organization_id, id)
);
create index asm_psych_medications_patient on asm_psych_medications (organization_id, patient_id, recorded_at desc);

create table asm_placements (
  organization_id uuid not null,
  id uuid not null,
  patient_id uuid not null,
  episode_id uuid not null,
  ratings jsonb not null,
  notes jsonb not null,
  medication_for_oud text,
  suggestion jsonb not null,
  chosen_level text not null,
  override_reason text,
  from_level text not null,
  decided_by uuid not null,
  decided_at timestamptz not null,
  signed_by uuid,
  signed_at timestamptz,
  primary key (organization_id, id),
  foreign key (organization_id, patient_id) references patients (organization_id, id),
  foreign key (organization_id, episode_id) references episodes (organization_id, id)
);
create index asm_placements_patient on asm_placements (organization_id, patient_id, decided_at desc);
create index asm_placements_unsigned on asm_placements (organization_id, decided_at) where signed_at is null;
create trigger asm_placements_final before update or delete on asm_placements
  for each row execute function asm_signed_is_final();
