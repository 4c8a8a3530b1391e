import type { WebStage } from './stage';
import { patientsWeb } from '../features/patients/manifest';
import { careWeb } from '../features/care/manifest';
import { withdrawalWeb } from '../features/withdrawal/manifest';
import { medicationWeb } from '../features/medication/manifest';
import { alertsWeb } from '../features/alerts/manifest';
import { adminWeb } from '../features/admin/manifest';
import { auditWeb } from '../features/audit/manifest';
import { therapyWeb } from '../features/therapy/manifest';
import { admissionsWeb } from '../features/admissions/manifest';
import { assessmentWeb } from '../features/assessment/manifest';
import { planningWeb } from '../features/planning/manifest';

/** The web app's stages, in navigation order: one line per feature (the server's app/stages.ts has the same list). */
export const webStages: readonly WebStage[] = [
  patientsWeb,
  admissionsWeb,
  careWeb,
  assessmentWeb,
  planningWeb,
  withdrawalWeb,
  medicationWeb,
  alertsWeb,
  therapyWeb,
  adminWeb,
  auditWeb,
];
