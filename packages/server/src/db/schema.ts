import type { ColumnType, Generated, Kysely, Transaction } from 'kysely';
import type { DischargeType, LevelOfCare } from '@waypoint/clinical/care/levels';
import type { Role } from '@waypoint/clinical/care/roles';

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
  levels_of_care: LevelOfCare[];
  created_at: GeneratedTimestamp;
}

export interface UsersTable {
  organization_id: string;
  id: string;
  email: string;
  display_name: string;
  role: Role;
  password_hash: string;
  active: Generated<boolean>;
  mfa_secret: string | null;
  mfa_enabled: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  version: Generated<number>;
  created_at: GeneratedTimestamp;
  // --- defects-server (issue 12): TOTP replay guard and administrator-issued enrolment (0016)
  mfa_last_step: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  mfa_enrolment_code_hash: ColumnType<string | null, string | null | undefined, string | null>;
  mfa_enrolment_expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
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
  kind: 'session' | 'api-token' | 'display';
  name: string | null;
  mfa_verified: Generated<boolean>;
  created_at: GeneratedTimestamp;
  last_seen_at: GeneratedTimestamp;
  ended_at: Timestamp | null;
  // --- defects-server (issue 12): scoped, expiring, revocable bearer tokens (0016)
  token_id: ColumnType<string | null, string | null | undefined, string | null>;
  scopes: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
  expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  ended_by: ColumnType<string | null, string | null | undefined, string | null>;
  // --- defects-web (migration 0019): a display credential's one facility (null for other kinds).
  facility_id: Generated<string | null>;
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
  sex_at_birth: 'female' | 'male' | 'intersex' | 'unknown';
  gender_identity: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  preferred_language: string;
  /** JSONB: parse with the emergencyContact schema when read. */
  emergency_contact: Json<unknown>;
  photo: string | null;
  /** JSONB: parse with the allergy schema when read. */
  allergies: Json<unknown>;
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
  level_of_care: LevelOfCare;
  bed: string | null;
  status: 'active' | 'discharged';
  admitted_at: Timestamp;
  last_opioid_use_at: Timestamp | null;
  discharged_at: Timestamp | null;
  discharge_type: DischargeType | null;
  discharge_reason: string | null;
  naloxone_given: boolean | null;
  version: Generated<number>;
  created_by: string;
}

export interface LevelOfCareChangesTable {
  organization_id: string;
  id: string;
  episode_id: string;
  from_level: LevelOfCare | null;
  to_level: LevelOfCare;
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
  team_role: 'attending_prescriber' | 'primary_nurse' | 'primary_counselor' | 'case_manager' | 'peer_recovery_specialist' | 'other';
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
  /** Empty for an alert about a facility (0042), which then names facility_id. */
  patient_id: string | null;
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
  audience: ColumnType<Role[], Role[] | undefined, Role[]>;
  // --- assessment (0032): what was done, for alerts that ask (suicide risk)
  action_taken: ColumnType<string | null, string | null | undefined, string | null>;
  facility_id: ColumnType<string | null, string | null | undefined, string | null>;
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
  outcome: 'success' | 'denied' | 'failure';
  source_ip: string | null;
  request_id: string | null;
  prev_hash: string | null;
  hash: string | null;
  /** Keyed MAC of the row's own content, written with the row (null on rows older than 0010). */
  mac: string | null;
}

/** The newest chained row's place per organization; the chainer's alone (0064). */
export interface AuditChainHeadsTable {
  organization_id: string;
  seq: number;
  hash: string;
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
  next_level: LevelOfCare | null;
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
  cows_items: Json<unknown>;
  cows_total: number | null;
  cows_band: string | null;
  pulse_bpm: number | null;
  sows_instrument: 'sows' | 'sows-gossop' | null;
  sows_items: Json<unknown>;
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
  audit_chain_heads: AuditChainHeadsTable;
  idempotency_keys: IdempotencyKeysTable;
  wm_protocols: WmProtocolsTable;
  wm_courses: WmCoursesTable;
  wm_observations: WmObservationsTable;
  wm_medication_events: WmMedicationEventsTable;
  wm_reassessments: WmReassessmentsTable;
  // --- medication stage (0040) ---
  med_settings: MedSettingsTable;
  med_orders: MedOrdersTable;
  med_order_versions: MedOrderVersionsTable;
  med_containers: MedContainersTable;
  med_ledger: MedLedgerTable;
  med_doses: MedDosesTable;
  med_take_home_plans: MedTakeHomePlansTable;
  med_bottle_checks: MedBottleChecksTable;
  med_counts: MedCountsTable;
  med_waste: MedWasteTable;
  med_reviews: MedReviewsTable;
  // --- end medication stage ---
  // --- therapy stage (migration 0050) ---
  thr_settings: ThrSettingsTable;
  thr_clinician_profiles: ThrClinicianProfilesTable;
  thr_note_templates: ThrNoteTemplatesTable;
  thr_note_template_versions: ThrNoteTemplateVersionsTable;
  thr_sessions: ThrSessionsTable;
  thr_cosignatures: ThrCosignaturesTable;
  thr_addenda: ThrAddendaTable;
  thr_group_types: ThrGroupTypesTable;
  thr_group_series: ThrGroupSeriesTable;
  thr_group_sessions: ThrGroupSessionsTable;
  thr_group_attendance: ThrGroupAttendanceTable;
  thr_group_notes: ThrGroupNotesTable;
  thr_group_note_versions: ThrGroupNoteVersionsTable;
  thr_group_note_entries: ThrGroupNoteEntriesTable;
  thr_day_templates: ThrDayTemplatesTable;
  thr_activity_attendance: ThrActivityAttendanceTable;
  thr_outings: ThrOutingsTable;
  thr_outing_participants: ThrOutingParticipantsTable;
  // --- end therapy ---
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

// --- medication stage (migration 0040) ---
type Num = ColumnType<string, number | string, number | string>;
type NumNull = ColumnType<string | null, number | string | null | undefined, number | string | null>;

export interface MedSettingsTable {
  organization_id: string;
  facility_id: string;
  jurisdiction: Generated<'federal' | 'virginia'>;
  missed_dose_limit: Generated<number>;
  take_home_program_max: number | null;
  version: Generated<number>;
}

export interface MedOrdersTable {
  organization_id: string;
  id: string;
  patient_id: string;
  facility_id: string;
  episode_id: string | null;
  medication: string;
  name: string;
  form: string;
  route: string;
  dose_mg: Num;
  first_day_doses_mg: ColumnType<string[] | null, number[] | null, number[] | null>;
  split_doses_mg: ColumnType<string[] | null, number[] | null, number[] | null>;
  frequency: 'daily' | 'weekly' | 'monthly' | 'scheduled' | 'prn' | 'once';
  schedule_times: ColumnType<string[], string[] | undefined, string[]>;
  prn_min_hours: NumNull;
  prn_max_daily_mg: NumNull;
  hold_parameters: Json<unknown>;
  titration: Json<unknown>;
  start_day: DateOnly;
  end_day: ColumnType<string | null, string | null, string | null>;
  status: 'pending_cosign' | 'active' | 'held' | 'stopped';
  entry: 'written' | 'verbal' | 'telephone';
  ordered_by: string;
  entered_by: string;
  signed_by: string | null;
  signed_at: Date | null;
  rule_set: string;
  findings: Json<unknown>;
  status_reason: string | null;
  instructions: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MedOrderVersionsTable {
  organization_id: string;
  order_id: string;
  version: number;
  change: string;
  snapshot: Json<unknown>;
  findings: Json<unknown>;
  reason: string | null;
  changed_by: string;
  changed_at: Timestamp;
}

export interface MedContainersTable {
  organization_id: string;
  id: string;
  facility_id: string;
  medication: string;
  form: string;
  label: string;
  lot: string | null;
  unit: 'ml' | 'unit';
  strength_mg: Num;
  balance: ColumnType<string, number | string | undefined, number | string>;
  status: Generated<'open' | 'closed'>;
  version: Generated<number>;
  created_at: Timestamp;
}

export interface MedLedgerTable {
  organization_id: string;
  id: string;
  container_id: string;
  kind: 'receipt' | 'dispense' | 'transfer_out' | 'transfer_in' | 'adjustment' | 'waste' | 'destruction';
  quantity: Num;
  mg: Num;
  /** Set by the database (trigger med_ledger_apply) from the container's new balance. */
  balance_after: ColumnType<string, number | undefined, never>;
  dose_id: string | null;
  supplier: string | null;
  order_form_number: string | null;
  counterpart_container_id: string | null;
  reason: string | null;
  recorded_by: string;
  second_signer: string | null;
  occurred_at: Timestamp;
  /** Set by the database (trigger med_ledger_apply): the order of application per container. */
  seq: ColumnType<string, number | undefined, never>;
}

export interface MedDosesTable {
  organization_id: string;
  id: string;
  patient_id: string;
  facility_id: string;
  order_id: string | null;
  order_version: number | null;
  kind: 'regular' | 'split' | 'additional' | 'take_home' | 'mar' | 'prn' | 'held' | 'refused' | 'no_show' | 'naloxone_kit' | 'outside';
  dosing_day: DateOnly;
  medication: string;
  form: string;
  dose_mg: NumNull;
  volume_ml: NumNull;
  units: NumNull;
  container_id: string | null;
  observed: Generated<boolean>;
  guest_program: string | null;
  /** A guest dose's visit (0041), parsed with guestVisitSchema when read. */
  guest: ColumnType<unknown, string | null | undefined, never>;
  outside_source: string | null;
  scheduled_for: Date | null;
  reason: string | null;
  hold_check: Json<unknown>;
  findings: Json<unknown>;
  override_reason: string | null;
  corrects_id: string | null;
  given_by: string;
  given_at: Timestamp;
}

export interface MedTakeHomePlansTable {
  organization_id: string;
  id: string;
  patient_id: string;
  order_id: string;
  rule_set: string;
  treatment_day: number;
  days: ColumnType<string[], string[], string[]>;
  closure_days: ColumnType<string[], string[] | undefined, string[]>;
  criteria: ColumnType<string[], string[], string[]>;
  allowed_days: number | null;
  findings: Json<unknown>;
  rationale: string;
  decided_by: string;
  decided_at: Timestamp;
}

export interface MedBottleChecksTable {
  organization_id: string;
  id: string;
  patient_id: string;
  kind: 'returned_bottle' | 'call_back';
  outcome: 'ok' | 'missing' | 'tampered' | 'no_show' | 'discrepancy';
  dose_id: string | null;
  note: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface MedCountsTable {
  organization_id: string;
  id: string;
  facility_id: string;
  container_id: string;
  count_day: DateOnly;
  counted: Num;
  ledger_balance: Num;
  discrepancy: Num;
  note: string | null;
  counted_by: string;
  counted_at: Timestamp;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  review_note: string | null;
}

export interface MedWasteTable {
  organization_id: string;
  id: string;
  container_id: string;
  kind: 'waste' | 'destruction';
  quantity: Num;
  reason: string;
  requested_by: string;
  requested_at: Timestamp;
  signed_by: string | null;
  signed_at: Date | null;
  ledger_id: string | null;
}

export interface MedReviewsTable {
  organization_id: string;
  id: string;
  order_id: string;
  patient_id: string;
  note: string;
  reviewed_by: string;
  reviewed_at: Timestamp;
}
// --- end medication stage ---

// --- therapy stage (migration 0050) ---
export interface ThrSettingsTable {
  organization_id: string;
  note_deadline_hours: Generated<number>;
  family_minimum_minutes: Generated<number>;
  expected_hours: Json<Record<string, { minimum: number | null; below: number | null }>>;
  version: Generated<number>;
}
export interface ThrClinicianProfilesTable {
  organization_id: string;
  user_id: string;
  licensed: boolean;
  credential: string | null;
  supervisor_id: string | null;
  version: Generated<number>;
  updated_at: Timestamp;
}
export interface ThrNoteTemplatesTable {
  organization_id: string;
  id: string;
  name: string;
  sections: Json<{ key: string; label: string; prompt?: string }[]>;
  active: Generated<boolean>;
  version: Generated<number>;
}
export interface ThrNoteTemplateVersionsTable {
  organization_id: string;
  template_id: string;
  version: number;
  name: string;
  sections: Json<{ key: string; label: string; prompt?: string }[]>;
  active: boolean;
  changed_by: string | null;
  changed_at: Timestamp;
}
export interface ThrSessionsTable {
  organization_id: string;
  id: string;
  patient_id: string;
  episode_id: string | null;
  facility_id: string;
  clinician_id: string;
  kind: 'individual' | 'family_with_patient' | 'family_without_patient';
  modality: string;
  template_id: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  location: string | null;
  telehealth: Generated<boolean>;
  family_members: Json<{ name: string; relation: string }[]>;
  sections: Json<Record<string, string>>;
  progress: Json<unknown[]>;
  template_version: number | null;
  needs_cosign: Generated<boolean>;
  signed_at: Timestamp | null;
  signed_by: string | null;
  billing_code: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface ThrCosignaturesTable {
  organization_id: string;
  id: string;
  note_kind: 'session' | 'group';
  note_id: string;
  cosigned_by: string;
  cosigned_at: Timestamp;
}
export interface ThrAddendaTable {
  organization_id: string;
  id: string;
  session_id: string;
  body: string;
  reason: string;
  written_by: string;
  written_at: Timestamp;
}
export interface ThrGroupTypesTable {
  organization_id: string;
  id: string;
  name: string;
  category: string;
  description: string | null;
  peer_led: Generated<boolean>;
  default_minutes: Generated<number>;
  active: Generated<boolean>;
  version: Generated<number>;
}
export interface ThrGroupSeriesTable {
  organization_id: string;
  id: string;
  group_type_id: string;
  facility_id: string;
  title: string;
  leader_id: string;
  levels_of_care: string[];
  rrule: string;
  first_starts_at: Timestamp;
  duration_minutes: number;
  location: string | null;
  active: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
}
export interface ThrGroupSessionsTable {
  organization_id: string;
  id: string;
  series_id: string;
  facility_id: string;
  leader_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  status: Generated<'scheduled' | 'cancelled'>;
}
export interface ThrGroupAttendanceTable {
  organization_id: string;
  group_session_id: string;
  patient_id: string;
  status: 'present' | 'late' | 'left_early' | 'absent' | 'excused';
  minutes: number | null;
  recorded_by: string;
  recorded_at: Timestamp;
  version: Generated<number>;
}
export interface ThrGroupNotesTable {
  organization_id: string;
  id: string;
  group_session_id: string;
  author_id: string;
  draft: Json<unknown>;
  needs_cosign: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface ThrGroupNoteVersionsTable {
  organization_id: string;
  group_note_id: string;
  version_no: number;
  change: 'signed' | 'attendee-added' | 'attendee-removed' | 'shared-amended';
  reason: string | null;
  shared: Json<Record<string, string>>;
  signed_by: string;
  signed_at: Timestamp;
}
export interface ThrGroupNoteEntriesTable {
  organization_id: string;
  group_note_id: string;
  version_no: number;
  patient_id: string;
  status: 'included' | 'removed';
  participation: string | null;
  progress: string | null;
  objective_ref: string | null;
  objective_id: string | null;
  plan_version_id: string | null;
}
export interface ThrDayTemplatesTable {
  organization_id: string;
  id: string;
  facility_id: string;
  level_of_care: string;
  items: Json<{ key: string; start: string; end: string; kind: string; title: string; days: number[] }[]>;
  version: Generated<number>;
}
export interface ThrActivityAttendanceTable {
  organization_id: string;
  patient_id: string;
  day: DateOnly;
  item_key: string;
  status: 'present' | 'late' | 'left_early' | 'absent' | 'excused';
  recorded_by: string;
  recorded_at: Timestamp;
}
export interface ThrOutingsTable {
  organization_id: string;
  id: string;
  facility_id: string;
  title: string;
  destination: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  lead_id: string;
  created_at: Timestamp;
}
export interface ThrOutingParticipantsTable {
  organization_id: string;
  outing_id: string;
  patient_id: string;
  signed_out_at: Timestamp | null;
  signed_out_by: string | null;
  signed_in_at: Timestamp | null;
  signed_in_by: string | null;
  version: Generated<number>;
}
// --- end therapy ---

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
  verification_result: ColumnType<
    'active' | 'inactive' | 'not_found' | null,
    'active' | 'inactive' | 'not_found' | null | undefined,
    'active' | 'inactive' | 'not_found' | null
  >;
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
