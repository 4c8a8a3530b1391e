import type { ColumnType, Generated, Kysely, Transaction } from 'kysely';

// Row types of the tables in migrations/. Dates come back from node-postgres as Date objects.
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = ColumnType<string, string, string>;
type Json<T> = ColumnType<T, string, string>;

export interface OrganizationsTable {
  id: string;
  name: string;
  mfa_required: Generated<boolean>;
  idle_timeout_minutes: Generated<number>;
  created_at: GeneratedTimestamp;
}

export interface FacilitiesTable {
  organization_id: string;
  id: string;
  name: string;
  time_zone: string;
  bed_count: number;
  levels_of_care: string[];
  created_at: GeneratedTimestamp;
}

export interface UsersTable {
  organization_id: string;
  id: string;
  email: string;
  display_name: string;
  role: string;
  password_hash: string;
  active: Generated<boolean>;
  mfa_secret: string | null;
  mfa_enabled: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  version: Generated<number>;
  created_at: GeneratedTimestamp;
}

export interface UserFacilitiesTable {
  organization_id: string;
  user_id: string;
  facility_id: string;
}

export interface SessionsTable {
  token_hash: string;
  organization_id: string;
  user_id: string;
  kind: 'session' | 'api-token';
  name: string | null;
  mfa_verified: Generated<boolean>;
  created_at: GeneratedTimestamp;
  last_seen_at: GeneratedTimestamp;
  ended_at: Timestamp | null;
}

export interface MrnCountersTable {
  organization_id: string;
  next_value: number;
}

export interface EmergencyContact {
  name: string;
  relationship?: string;
  phone: string;
}

export interface Allergy {
  substance: string;
  reaction?: string;
  severity?: 'mild' | 'moderate' | 'severe';
}

export interface PatientsTable {
  organization_id: string;
  id: string;
  mrn: string;
  legal_given_name: string;
  legal_family_name: string;
  preferred_name: string | null;
  birth_date: DateOnly;
  sex_at_birth: string;
  gender_identity: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  preferred_language: string;
  emergency_contact: Json<EmergencyContact | null>;
  photo: string | null;
  allergies: Json<Allergy[]>;
  facility_id: string;
  user_id: string | null;
  search_name: string;
  version: Generated<number>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface EpisodesTable {
  organization_id: string;
  id: string;
  patient_id: string;
  facility_id: string;
  level_of_care: string;
  bed: string | null;
  status: 'active' | 'discharged';
  admitted_at: Timestamp;
  last_opioid_use_at: Timestamp | null;
  discharged_at: Timestamp | null;
  discharge_type: string | null;
  discharge_reason: string | null;
  naloxone_given: boolean | null;
  version: Generated<number>;
  created_by: string;
}

export interface LevelOfCareChangesTable {
  organization_id: string;
  id: string;
  episode_id: string;
  from_level: string | null;
  to_level: string;
  direction: 'admission' | 'step-down' | 'step-up' | 'lateral';
  reason: string;
  changed_at: Timestamp;
  changed_by: string;
}

export interface CareTeamMembersTable {
  organization_id: string;
  id: string;
  episode_id: string;
  user_id: string;
  team_role: string;
  assigned_at: Timestamp;
  removed_at: Timestamp | null;
}

export interface PatientEventsTable {
  organization_id: string;
  id: string;
  patient_id: string;
  episode_id: string | null;
  occurred_at: Timestamp;
  kind: string;
  summary: string;
  detail: Json<Record<string, unknown>>;
  actor_id: string | null;
}

export interface AlertsTable {
  organization_id: string;
  id: string;
  patient_id: string;
  episode_id: string | null;
  kind: string;
  severity: 'info' | 'warning' | 'critical';
  message: string;
  raised_at: Timestamp;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
  dedupe_key: ColumnType<string | null, string | null | undefined, string | null>;
  resolved_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  escalated_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  audience: ColumnType<string[], string[] | undefined, string[]>;
}

export interface AuditLogTable {
  organization_id: string;
  /** Place in the organization's chain: null until the chainer links the row (migration 0010). */
  seq: number | null;
  id: string;
  occurred_at: Timestamp;
  user_id: string | null;
  role: string | null;
  patient_id: string | null;
  resource_type: string;
  resource_id: string | null;
  action: string;
  outcome: string;
  source_ip: string | null;
  request_id: string | null;
  prev_hash: string | null;
  hash: string | null;
  /** Keyed MAC of the row's own content, written with the row (null on rows older than 0010). */
  mac: string | null;
}

export interface IdempotencyKeysTable {
  organization_id: string;
  user_id: string;
  key: string;
  method: string;
  path: string;
  request_hash: string;
  status: number;
  body: Json<unknown>;
  created_at: GeneratedTimestamp;
}

export interface WmProtocolsTable {
  organization_id: string;
  id: string;
  name: string;
  kind: 'buprenorphine_induction' | 'methadone_stabilization' | 'symptom_triggered' | 'taper';
  config: Json<unknown>;
  active: Generated<boolean>;
  version: Generated<number>;
  created_at: GeneratedTimestamp;
}

export interface WmCoursesTable {
  organization_id: string;
  id: string;
  episode_id: string;
  patient_id: string;
  facility_id: string;
  protocol_id: string;
  protocol: Json<unknown>;
  started_at: Timestamp;
  last_use_at: Timestamp | null;
  last_use_kind: 'short_acting' | 'long_acting' | 'unknown';
  status: 'active' | 'completed';
  completed_at: Timestamp | null;
  outcome: 'completed' | 'higher_level' | 'against_advice' | 'discharged' | null;
  next_level: string | null;
  first_dose_at: Timestamp | null;
  started_by: string;
  version: Generated<number>;
}

export interface WmObservationsTable {
  organization_id: string;
  id: string;
  course_id: string;
  patient_id: string;
  observed_at: Timestamp;
  recorded_by: string;
  cows_items: Json<Record<string, number> | null>;
  cows_total: number | null;
  cows_band: string | null;
  pulse_bpm: number | null;
  sows_instrument: string | null;
  sows_items: Json<Record<string, number> | null>;
  sows_total: number | null;
  systolic: number | null;
  diastolic: number | null;
  heart_rate: number | null;
  respiratory_rate: number | null;
  temperature_c: ColumnType<string | null, number | null, number | null>;
  spo2: number | null;
  pain: number | null;
  note: string | null;
  created_at: GeneratedTimestamp;
}

export interface WmMedicationEventsTable {
  organization_id: string;
  id: string;
  course_id: string;
  patient_id: string;
  medication: string;
  dose_mg: ColumnType<string | null, number | null, number | null>;
  outcome: 'given' | 'held' | 'refused';
  reason: string | null;
  hold_check: Json<unknown>;
  basis_observation_id: string | null;
  first_dose: Generated<boolean>;
  findings: Json<unknown>;
  override_reason: string | null;
  occurred_at: Timestamp;
  recorded_by: string;
  reassess_due_at: Timestamp | null;
}

export interface WmReassessmentsTable {
  organization_id: string;
  id: string;
  medication_event_id: string;
  effect: string;
  recorded_at: Timestamp;
  recorded_by: string;
}

// ---- admissions (migration 0020): owned by modules/admissions ----
export interface SubstanceUse {
  substance: string;
  route: 'smoked' | 'snorted' | 'injected' | 'oral' | 'other';
  frequency?: string;
}
export interface WithdrawalHistory {
  severe: boolean;
  seizures: boolean;
  delirium: boolean;
  notes?: string;
}
export interface AdmInquiriesTable {
  organization_id: string;
  id: string;
  facility_id: string;
  level_of_care: string | null;
  received_at: Timestamp;
  channel: 'phone' | 'walk_in' | 'referral' | 'web' | 'other';
  caller_name: string;
  caller_relation: 'self' | 'family' | 'friend' | 'referrer' | 'other';
  callback_phone: string | null;
  contact_consent: boolean;
  referral_source: string;
  referral_organization: string | null;
  referral_contact: string | null;
  given_name: string;
  family_name: string;
  birth_date: DateOnly | null;
  sex_at_birth: string | null;
  phone: string | null;
  email: string | null;
  reason: string | null;
  status: 'open' | 'waitlisted' | 'scheduled' | 'admitted' | 'closed';
  next_action: string | null;
  next_action_due: DateOnly | null;
  closed_reason: string | null;
  patient_id: string | null;
  version: Generated<number>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface AdmPrescreensTable {
  organization_id: string;
  id: string;
  inquiry_id: string;
  substances: Json<SubstanceUse[]>;
  last_use_at: Timestamp | null;
  last_use_kind: 'short_acting' | 'long_acting' | 'unknown';
  overdose_count: number;
  last_overdose_on: DateOnly | null;
  withdrawal_history: Json<WithdrawalHistory>;
  pregnancy: 'pregnant' | 'not_pregnant' | 'unknown' | 'not_applicable';
  co_occurring: string | null;
  current_moud: 'none' | 'methadone' | 'buprenorphine' | 'naltrexone';
  current_moud_detail: string | null;
  urgency: 'routine' | 'soon' | 'urgent' | 'emergent';
  recommended_level: string | null;
  notes: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
  version: Generated<number>;
}
export interface AdmScheduledAdmissionsTable {
  organization_id: string;
  id: string;
  patient_id: string;
  inquiry_id: string | null;
  facility_id: string;
  level_of_care: string;
  scheduled_on: DateOnly;
  status: 'scheduled' | 'admitted' | 'cancelled';
  episode_id: string | null;
  admitted_at: Timestamp | null;
  cancelled_reason: string | null;
  version: Generated<number>;
  created_by: string;
  created_at: Timestamp;
}
export interface AdmBedCapacityTable {
  organization_id: string;
  facility_id: string;
  level_of_care: string;
  beds: number;
}
export interface AdmCoveragesTable {
  organization_id: string;
  id: string;
  patient_id: string;
  kind: 'insurance' | 'self_pay' | 'sliding_scale' | 'state_funded' | 'employee_assistance';
  priority: 'primary' | 'secondary' | 'tertiary';
  payer: string | null;
  plan: string | null;
  member_id: string | null;
  group_id: string | null;
  subscriber_name: string | null;
  subscriber_relation: 'self' | 'spouse' | 'child' | 'other' | null;
  effective_from: DateOnly;
  effective_to: DateOnly | null;
  sliding_scale_percent: number | null;
  notes: string | null;
  active: Generated<boolean>;
  verification_result: ColumnType<'active' | 'inactive' | 'not_found' | null, 'active' | 'inactive' | 'not_found' | null | undefined, 'active' | 'inactive' | 'not_found' | null>;
  verified_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  version: Generated<number>;
  created_by: string;
  created_at: Timestamp;
}
export interface AdmVerificationsTable {
  organization_id: string;
  id: string;
  coverage_id: string;
  patient_id: string;
  verified_at: Timestamp;
  verified_by: string;
  method: 'phone' | 'payer_portal' | 'electronic_270_271' | 'fax' | 'other';
  reference_number: string;
  result: 'active' | 'inactive' | 'not_found';
  contact_name: string | null;
  benefits_notes: string | null;
  recorded_at: Timestamp;
}
export interface AdmAuthorizationsTable {
  organization_id: string;
  id: string;
  coverage_id: string;
  patient_id: string;
  level_of_care: string;
  auth_number: string;
  unit: 'days' | 'units';
  approved: number;
  used: Generated<number>;
  remaining: ColumnType<number, never, never>;
  start_date: DateOnly;
  end_date: DateOnly;
  status: 'active' | 'closed';
  notes: string | null;
  version: Generated<number>;
  created_by: string;
  created_at: Timestamp;
}
export interface AdmConsentFormsTable {
  organization_id: string;
  code: string;
  version: number;
  title: string;
  body: string;
  effective_from: DateOnly;
}
export interface AdmConsentsTable {
  organization_id: string;
  id: string;
  patient_id: string;
  admission_id: string | null;
  form_code: string;
  form_version: number;
  form_title: string;
  form_body: string;
  signer_name: string;
  signer_relation: 'patient' | 'guardian' | 'representative';
  signed_at: Timestamp;
  witnessed_by: string;
  amends_id: string | null;
  amendment_reason: string | null;
}
export interface AdmSettingsTable {
  organization_id: string;
  auth_warn_days: number;
  auth_warn_remaining: number;
  version: Generated<number>;
}
// ---- end admissions ----

export interface Database {
  organizations: OrganizationsTable;
  facilities: FacilitiesTable;
  users: UsersTable;
  user_facilities: UserFacilitiesTable;
  sessions: SessionsTable;
  mrn_counters: MrnCountersTable;
  patients: PatientsTable;
  episodes: EpisodesTable;
  level_of_care_changes: LevelOfCareChangesTable;
  care_team_members: CareTeamMembersTable;
  patient_events: PatientEventsTable;
  alerts: AlertsTable;
  audit_log: AuditLogTable;
  idempotency_keys: IdempotencyKeysTable;
  wm_protocols: WmProtocolsTable;
  wm_courses: WmCoursesTable;
  wm_observations: WmObservationsTable;
  wm_medication_events: WmMedicationEventsTable;
  wm_reassessments: WmReassessmentsTable;
  // admissions
  adm_inquiries: AdmInquiriesTable;
  adm_prescreens: AdmPrescreensTable;
  adm_scheduled_admissions: AdmScheduledAdmissionsTable;
  adm_bed_capacity: AdmBedCapacityTable;
  adm_coverages: AdmCoveragesTable;
  adm_verifications: AdmVerificationsTable;
  adm_authorizations: AdmAuthorizationsTable;
  adm_consent_forms: AdmConsentFormsTable;
  adm_consents: AdmConsentsTable;
  adm_settings: AdmSettingsTable;
}

export type Db = Kysely<Database>;
/** The one transaction of a request: pass it everywhere, never reach for the pool inside it. */
export type Tx = Transaction<Database>;
