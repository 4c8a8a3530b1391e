import type { WebStage } from './stage';
import { patientsWeb } from '../features/patients/manifest';
import { careWeb } from '../features/care/manifest';
import { withdrawalWeb } from '../features/withdrawal/manifest';
import { alertsWeb } from '../features/alerts/manifest';
import { adminWeb } from '../features/admin/manifest';
import { auditWeb } from '../features/audit/manifest';
import { assessmentWeb } from '../features/assessment/manifest';
import { planningWeb } from '../features/planning/manifest';

/** The web app's stages, in navigation order: one line per feature (the server's app/stages.ts has the same list). */
export const webStages: readonly WebStage[] = [patientsWeb, careWeb, withdrawalWeb, assessmentWeb, planningWeb, alertsWeb, adminWeb, auditWeb];
