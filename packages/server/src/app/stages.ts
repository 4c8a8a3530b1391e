import type { StageManifest } from '../platform/stage';
import { adminStage } from '../modules/admin/manifest';
import { alertsStage } from '../modules/alerts/manifest';
import { auditStage } from '../modules/audit/manifest';
import { careStage } from '../modules/care/manifest';
import { patientsStage } from '../modules/patients/manifest';
import { portalStage } from '../modules/portal/manifest';
import { staffStage } from '../modules/staff/manifest';
import { withdrawalStage } from '../modules/withdrawal/manifest';
import { medicationStage } from '../modules/medication/manifest';
import { admissionsStage } from '../modules/admissions/manifest';
import { fhirStage } from '../fhir/manifest';
import { therapyStage } from '../modules/therapy/manifest';
import { assessmentStage } from '../modules/assessment/manifest';
import { planningStage } from '../modules/planning/manifest';

/**
 * The stages of care Waypoint runs, composed here and nowhere else: their routes, grants and jobs.
 * Adding a stage is a folder under modules/, a migration, a line here and a web feature.
 */
export const stages: readonly StageManifest[] = [
  adminStage,
  staffStage,
  auditStage,
  patientsStage,
  careStage,
  alertsStage,
  portalStage,
  withdrawalStage,
  medicationStage,
  therapyStage,
  admissionsStage,
  assessmentStage,
  planningStage,
  fhirStage,
];

/** Tables written by the platform itself for every stage (sessions, the audit log, idempotency, the timeline). */
export const platformTables = ['sessions', 'audit_log', 'audit_chain_heads', 'idempotency_keys', 'patient_events', 'schema_migrations'] as const;
