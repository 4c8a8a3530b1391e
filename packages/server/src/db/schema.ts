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
  /** What was done about it (required for suicide-risk alerts; migration 0032). */
  action_taken: ColumnType<string | null, string | null | undefined, string | null>;
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
  // --- assessment and planning stages (migrations 0030–0032) ---
  asm_assessments: AsmAssessmentsTable;
  asm_amendments: AsmAmendmentsTable;
  asm_instrument_results: AsmInstrumentResultsTable;
  asm_drug_screens: AsmDrugScreensTable;
  asm_lab_orders: AsmLabOrdersTable;
  asm_diagnoses: AsmDiagnosesTable;
  asm_psych_medications: AsmPsychMedicationsTable;
  asm_placements: AsmPlacementsTable;
  plan_plans: PlanPlansTable;
  plan_versions: PlanVersionsTable;
  plan_review_settings: PlanReviewSettingsTable;
  // --- end assessment and planning ---
}

export type Db = Kysely<Database>;
/** The one transaction of a request: pass it everywhere, never reach for the pool inside it. */
export type Tx = Transaction<Database>;

// --- assessment and planning stages (migrations 0030–0032); JSONB is parsed with its zod schema on read ---
type NullableTs = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type NullableText = ColumnType<string | null, string | null | undefined, string | null>;

export interface AsmAssessmentsTable {
  organization_id: string;
  id: string;
  patient_id: string;
  episode_id: string;
  kind: Generated<string>;
  sections: Json<unknown>;
  status: ColumnType<'draft' | 'signed', 'draft' | 'signed' | undefined, 'draft' | 'signed'>;
  version: Generated<number>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  signed_by: NullableText;
  signed_name: NullableText;
  signed_at: NullableTs;
}

export interface AsmAmendmentsTable {
  organization_id: string;
  id: string;
  assessment_id: string;
  section: string;
  changes: Json<unknown>;
  reason: string;
  amended_by: string;
  amended_at: Timestamp;
}

export interface AsmInstrumentResultsTable {
  organization_id: string;
  id: string;
  patient_id: string;
  episode_id: string | null;
  instrument: string;
  answers: Json<Record<string, number>>;
  context: Json<Record<string, unknown>>;
  total: number;
  band: string | null;
  detail: Json<Record<string, unknown>>;
  suicide_risk: 'low' | 'moderate' | 'high' | null;
  alert_id: string | null;
  administered_at: Timestamp;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface AsmDrugScreensTable {
  organization_id: string;
  id: string;
  patient_id: string;
  episode_id: string;
  collected_at: Timestamp;
  results: Json<unknown>;
  interpretation: Json<unknown>;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface AsmLabOrdersTable {
  organization_id: string;
  id: string;
  patient_id: string;
  episode_id: string;
  test_name: string;
  ordered_at: Timestamp;
  ordered_by: string;
  status: ColumnType<'ordered' | 'resulted', 'ordered' | 'resulted' | undefined, 'ordered' | 'resulted'>;
  resulted_at: NullableTs;
  result_summary: NullableText;
  version: Generated<number>;
}

export interface AsmDiagnosesTable {
  organization_id: string;
  id: string;
  patient_id: string;
  episode_id: string | null;
  icd10_code: string;
  description: string;
  category: 'substance-use' | 'mental-health' | 'medical';
  onset_date: DateOnly | null;
  status: 'active' | 'in-remission' | 'resolved' | 'ruled-out';
  resolved_date: DateOnly | null;
  basis_result_id: string | null;
  diagnosed_by: string;
  diagnosed_at: Timestamp;
  supersedes_id: string | null;
  amendment_reason: string | null;
  signed_by: NullableText;
  signed_at: NullableTs;
}

export interface AsmPsychMedicationsTable {
  organization_id: string;
  id: string;
  patient_id: string;
  name: string;
  dose: string;
  frequency: string;
  prescribed_by: string | null;
  started_on: DateOnly | null;
  stopped_on: ColumnType<string | null, string | null | undefined, string | null>;
  stop_reason: NullableText;
  recorded_by: string;
  recorded_at: Timestamp;
  version: Generated<number>;
}

export interface AsmPlacementsTable {
  organization_id: string;
  id: string;
  patient_id: string;
  episode_id: string;
  ratings: Json<Record<string, number>>;
  notes: Json<Record<string, string>>;
  medication_for_oud: string | null;
  suggestion: Json<{ level: string; reasons: string[]; referBeyondProgram: string[]; engine: string }>;
  chosen_level: string;
  override_reason: string | null;
  from_level: string;
  decided_by: string;
  decided_at: Timestamp;
  signed_by: NullableText;
  signed_at: NullableTs;
}

export interface PlanPlansTable {
  organization_id: string;
  id: string;
  patient_id: string;
  episode_id: string;
  created_by: string;
  created_at: Timestamp;
}

export interface PlanVersionsTable {
  organization_id: string;
  id: string;
  plan_id: string;
  number: number;
  content: Json<unknown>;
  status: ColumnType<'draft' | 'signed', 'draft' | 'signed' | undefined, 'draft' | 'signed'>;
  change_reason: string | null;
  version: Generated<number>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  patient_signed_name: NullableText;
  patient_signed_at: NullableTs;
  patient_signature_witnessed_by: NullableText;
  clinician_signed_name: NullableText;
  clinician_signed_by: NullableText;
  clinician_signed_at: NullableTs;
  signed_at: NullableTs;
  level_of_care: NullableText;
  review_due_on: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PlanReviewSettingsTable {
  organization_id: string;
  level_of_care: string;
  review_days: number;
  updated_by: string | null;
  updated_at: Date | null;
}
// --- end assessment and planning ---
