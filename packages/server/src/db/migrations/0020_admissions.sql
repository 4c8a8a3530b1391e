-- Admissions: the first phone call to the day of admission. Inquiries and referrals with their
-- pre-screen and waitlist, scheduled admissions against bed availability, insurance and payment
-- (coverage, eligibility verifications, prior authorizations) and signed consents. Every table leads
-- with organization_id; signed consents, verifications and consent form texts are append-only.

create table adm_inquiries (
  organization_id uuid not null references organizations(id),
  id uuid not null,
  facility_id uuid not null,
  level_of_care text,
  received_at timestamptz not null,
  channel text not null check (channel in ('phone', 'walk_in', 'referral', 'web', 'other')),
  caller_name text not null,
  caller_relation text not null check (caller_relation in ('self', 'family', 'friend', 'referrer', 'other')),
  callback_phone text,
  contact_consent boolean not null,
  referral_source text not null check (referral_source in ('self', 'family', 'hospital', 'emergency_department', 'physician', 'court', 'employer', 'treatment_program', 'other')),
  referral_organization text,
  referral_contact text,
  given_name text not null,
  family_name text not null,
  birth_date date,
  sex_at_birth text,
  phone text,
  email text,
  reason text,
  status text not null check (status in ('open', 'waitlisted', 'scheduled', 'admitted', 'closed')),
  next_action text,
  next_action_due date,
  closed_reason text,
  patient_id uuid,
  version integer not null default 1,
  created_by uuid not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (organization_id, id),
  check (status <> 'closed' or closed_reason is not null),
  foreign key (organization_id, facility_id) references facilities(organization_id, id),
  foreign key (organization_id, patient_id) references patients(organization_id, id),
  foreign key (organization_id, created_by) references users(organization_id, id)
);
-- The coordinator's open inquiries, by facility, oldest first.
create index adm_inquiries_open on adm_inquiries (organization_id, facility_id, received_at, id) where status in ('open', 'waitlisted');
create index adm_inquiries_list on adm_inquiries (organization_id, received_at desc, id desc);

create table adm_prescreens (
  organization_id uuid not null,
  id uuid not null,
  inquiry_id uuid not null,
  substances jsonb not null,
  last_use_at timestamptz,
  last_use_kind text not null check (last_use_kind in ('short_acting', 'long_acting', 'unknown')),
  overdose_count integer not null check (overdose_count >= 0),
  last_overdose_on date,
  withdrawal_history jsonb not null,
  pregnancy text not null check (pregnancy in ('pregnant', 'not_pregnant', 'unknown', 'not_applicable')),
  co_occurring text,
  current_moud text not null check (current_moud in ('none', 'methadone', 'buprenorphine', 'naltrexone')),
  current_moud_detail text,
  urgency text not null check (urgency in ('routine', 'soon', 'urgent', 'emergent')),
  recommended_level text,
  notes text,
  recorded_by uuid not null,
  recorded_at timestamptz not null,
  version integer not null default 1,
  primary key (organization_id, id),
  unique (organization_id, inquiry_id),
  foreign key (organization_id, inquiry_id) references adm_inquiries(organization_id, id),
  foreign key (organization_id, recorded_by) references users(organization_id, id)
);

create table adm_scheduled_admissions (
  organization_id uuid not null references organizations(id),
  id uuid not null,
  patient_id uuid not null,
  inquiry_id uuid,
  facility_id uuid not null,
  level_of_care text not null,
  scheduled_on date not null,
  status text not null check (status in ('scheduled', 'admitted', 'cancelled')),
  episode_id uuid,
  admitted_at timestamptz,
  cancelled_reason text,
  version integer not null default 1,
  created_by uuid not null,
  created_at timestamptz not null,
  primary key (organization_id, id),
  check ((status = 'admitted') = (episode_id is not null)),
  check (status <> 'cancelled' or cancelled_reason is not null),
  foreign key (organization_id, patient_id) references patients(organization_id, id),
  foreign key (organization_id, inquiry_id) references adm_inquiries(organization_id, id),
  foreign key (organization_id, facility_id) references facilities(organization_id, id),
  foreign key (organization_id, episode_id) references episodes(organization_id, id),
  foreign key (organization_id, created_by) references users(organization_id, id)
);
create unique index adm_scheduled_one_per_patient on adm_scheduled_admissions (organization_id, patient_id) where status = 'scheduled';
create index adm_scheduled_beds on adm_scheduled_admissions (organization_id, facility_id, scheduled_on) where status = 'scheduled';

-- Beds by level: when a facility sets none, every bed-based level shares the facility's bed count.
create table adm_bed_capacity (
  organization_id uuid not null references organizations(id),
  facility_id uuid not null,
  level_of_care text not null,
  beds integer not null check (beds >= 0),
  primary key (organization_id, facility_id, level_of_care),
  foreign key (organization_id, facility_id) references facilities(organization_id, id)
);

create table adm_coverages (
  organization_id uuid not null references organizations(id),
  id uuid not null,
  patient_id uuid not null,
  kind text not null check (kind in ('insurance', 'self_pay', 'sliding_scale', 'state_funded', 'employee_assistance')),
  priority text not null check (priority in ('primary', 'secondary', 'tertiary')),
  payer text,
  plan text,
  member_id text,
  group_id text,
  subscriber_name text,
  subscriber_relation text check (subscriber_relation in ('self', 'spouse', 'child', 'other')),
  effective_from date not null,
  effective_to date,
  sliding_scale_percent integer check (sliding_scale_percent between 0 and 100),
  notes text,
  active boolean not null default true,
  -- The newest verification's result, written in the same transaction as that verification (the
  -- verifications themselves are append-only): the work list finds unverified coverage by index.
  verification_result text check (verification_result in ('active', 'inactive', 'not_found')),
  verified_at timestamptz,
  version integer not null default 1,
  created_by uuid not null,
  created_at timestamptz not null,
  primary key (organization_id, id),
  check (effective_to is null or effective_to >= effective_from),
  check (kind <> 'insurance' or (payer is not null and member_id is not null)),
  foreign key (organization_id, patient_id) references patients(organization_id, id),
  foreign key (organization_id, created_by) references users(organization_id, id)
);
create index adm_coverages_patient on adm_coverages (organization_id, patient_id);
create index adm_coverages_unverified on adm_coverages (organization_id, created_at)
  where active and kind in ('insurance', 'state_funded', 'employee_assistance') and verification_result is distinct from 'active';

create table adm_verifications (
  organization_id uuid not null,
  id uuid not null,
  coverage_id uuid not null,
  patient_id uuid not null,
  verified_at timestamptz not null,
  verified_by uuid not null,
  method text not null check (method in ('phone', 'payer_portal', 'electronic_270_271', 'fax', 'other')),
  reference_number text not null,
  result text not null check (result in ('active', 'inactive', 'not_found')),
  contact_name text,
  benefits_notes text,
  recorded_at timestamptz not null,
  primary key (organization_id, id),
  foreign key (organization_id, coverage_id) references adm_coverages(organization_id, id),
  foreign key (organization_id, patient_id) references patients(organization_id, id),
  foreign key (organization_id, verified_by) references users(organization_id, id)
);
create index adm_verifications_coverage on adm_verifications (organization_id, coverage_id, verified_at desc);

create table adm_authorizations (
  organization_id uuid not null,
  id uuid not null,
  coverage_id uuid not null,
  patient_id uuid not null,
  level_of_care text not null,
  auth_number text not null,
  unit text not null check (unit in ('days', 'units')),
  approved integer not null check (approved > 0),
  used integer not null default 0 check (used >= 0),
  remaining integer generated always as (approved - used) stored,
  start_date date not null,
  end_date date not null,
  status text not null check (status in ('active', 'closed')),
  notes text,
  version integer not null default 1,
  created_by uuid not null,
  created_at timestamptz not null,
  primary key (organization_id, id),
  check (end_date >= start_date),
  foreign key (organization_id, coverage_id) references adm_coverages(organization_id, id),
  foreign key (organization_id, patient_id) references patients(organization_id, id),
  foreign key (organization_id, created_by) references users(organization_id, id)
);
create index adm_authorizations_active on adm_authorizations (organization_id, end_date) where status = 'active';
create index adm_authorizations_remaining on adm_authorizations (organization_id, remaining) where status = 'active';
create index adm_authorizations_patient on adm_authorizations (organization_id, patient_id);

-- The texts patients sign. A text never changes: a new wording is a new version. The nil
-- organization holds the built-in texts every program starts with.
create table adm_consent_forms (
  organization_id uuid not null,
  code text not null,
  version integer not null,
  title text not null,
  body text not null,
  effective_from date not null,
  primary key (organization_id, code, version)
);

create table adm_consents (
  organization_id uuid not null,
  id uuid not null,
  patient_id uuid not null,
  admission_id uuid,
  form_code text not null,
  form_version integer not null,
  form_title text not null,
  form_body text not null,
  signer_name text not null,
  signer_relation text not null check (signer_relation in ('patient', 'guardian', 'representative')),
  signed_at timestamptz not null,
  witnessed_by uuid not null,
  amends_id uuid,
  amendment_reason text,
  primary key (organization_id, id),
  check ((amends_id is null) = (amendment_reason is null)),
  foreign key (organization_id, patient_id) references patients(organization_id, id),
  foreign key (organization_id, admission_id) references adm_scheduled_admissions(organization_id, id),
  foreign key (organization_id, witnessed_by) references users(organization_id, id),
  foreign key (organization_id, amends_id) references adm_consents(organization_id, id)
);
create index adm_consents_patient on adm_consents (organization_id, patient_id, signed_at desc);
create unique index adm_consents_one_amendment on adm_consents (organization_id, amends_id) where amends_id is not null;

-- Plain indexes on id alone, for lookups by id (allowed on a distributed table; see 0007).
create index adm_inquiries_id on adm_inquiries (id);
create index adm_scheduled_id on adm_scheduled_admissions (id);
create index adm_coverages_id on adm_coverages (id);
create index adm_authorizations_id on adm_authorizations (id);
create index adm_consents_id on adm_consents (id);

-- append_only() is migration 0004's.
create trigger adm_consents_append_only before update or delete on adm_consents
  for each row execute function append_only();
create trigger adm_consent_forms_append_only before update or delete on adm_consent_forms
  for each row execute function append_only();
create trigger adm_verifications_append_only before update or delete on adm_verifications
  for each row execute function append_only();

insert into adm_consent_forms (organization_id, code, version, title, body, effective_from) values
('00000000-0000-0000-0000-000000000000', 'consent-to-treatment', 1, 'Consent to treatment',
'I, the undersigned, consent to evaluation and treatment for substance use disorder by this program, including medically supervised withdrawal management, medication for opioid use disorder when prescribed, counseling, group and individual therapy, drug testing, and the care described in my treatment plan.

I understand that:
- Treatment is voluntary. I may withdraw this consent and stop treatment at any time, except where the law requires otherwise. Stopping medication suddenly can cause withdrawal, and after withdrawal my tolerance to opioids is lower, so using again carries a high risk of a fatal overdose.
- The staff will explain the benefits, risks and alternatives of any medication before I take it, and I may ask questions at any time.
- I will be asked to give urine or other samples for drug testing, and the results will be used in my care.
- No promise has been made to me about the results of treatment.
- I have received the program''s rules, my rights as a patient, and how to file a grievance.

In an emergency the program may give me emergency care, including naloxone, and call emergency services.', '2024-01-01'),
('00000000-0000-0000-0000-000000000000', 'part2-notice', 1, 'Notice of confidentiality of substance use disorder records (42 CFR Part 2)',
'The confidentiality of substance use disorder patient records maintained by this program is protected by federal law and regulations (42 U.S.C. 290dd-2 and 42 CFR Part 2). Generally, the program may not say to a person outside the program that you attend the program, or disclose any information identifying you as having or having had a substance use disorder, unless:
- you consent in writing;
- the disclosure is allowed by a court order; or
- the disclosure is made to medical personnel in a medical emergency, to qualified personnel for research, audit or program evaluation, or as otherwise permitted by the regulations.

Violation of the federal law and regulations by a program is a crime. Suspected violations may be reported to the United States Attorney in the district where the violation occurs and to the authority named by the regulations.

Federal law and regulations do not protect any information about a crime committed by a patient either at the program or against any person who works for the program, or about any threat to commit such a crime. Federal law and regulations do not protect any information about suspected child abuse or neglect from being reported under state law to appropriate state or local authorities.

Your records may not be used or disclosed in a civil, criminal, administrative or legislative proceeding against you without your written consent or a court order.

By signing, I acknowledge that I have received and read this notice.', '2024-01-01');

-- Program settings of admissions: when a prior authorization starts to alert.
create table adm_settings (
  organization_id uuid not null references organizations(id),
  auth_warn_days integer not null default 7 check (auth_warn_days between 0 and 90),
  auth_warn_remaining integer not null default 2 check (auth_warn_remaining between 0 and 100),
  version integer not null default 1,
  primary key (organization_id)
);
