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
  seq: number;
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
  prev_hash: string;
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
  // --- therapy stage (migration 0050) ---
  thr_settings: ThrSettingsTable;
  thr_clinician_profiles: ThrClinicianProfilesTable;
  thr_note_templates: ThrNoteTemplatesTable;
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
}

export type Db = Kysely<Database>;
/** The one transaction of a request: pass it everywhere, never reach for the pool inside it. */
export type Tx = Transaction<Database>;

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
  progress: Json<{ objectiveRef: string | null; objective: string; progress: string }[]>;
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
  draft: Json<{ shared: Record<string, string>; parts: Record<string, { participation: string; progress: string; objectiveRef: string | null }> }>;
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
