import { patientRoutes } from '../../modules/patients/routes';
import { chartRoutes } from '../../modules/patients/chart';
import { episodeRoutes } from '../../modules/care/episodes';
import { careTeamRoutes } from '../../modules/care/care-team';
import { censusRoutes } from '../../modules/care/census';
import { alertRoutes } from '../../modules/alerts/routes';
import { staffRoutes } from '../../modules/staff/routes';
import { portalRoutes } from '../../modules/portal/routes';
import { organizationRoutes } from '../../modules/admin/organization';
import { facilityRoutes } from '../../modules/admin/facilities';
import { userRoutes } from '../../modules/admin/users';
import { auditRoutes } from '../../modules/audit/routes';
import { protocolRoutes } from '../../modules/withdrawal/protocols';
import { courseRoutes } from '../../modules/withdrawal/courses';
import { flowsheetRoutes } from '../../modules/withdrawal/flowsheet';
import { medicationRoutes } from '../../modules/withdrawal/medications';
import { completionRoutes } from '../../modules/withdrawal/completion';
import { boardRoutes } from '../../modules/withdrawal/board';
import { instrumentRoutes } from '../../modules/assessment/instruments';
import { assessmentRoutes } from '../../modules/assessment/assessments';
import { diagnosisRoutes } from '../../modules/assessment/diagnoses';
import { placementRoutes } from '../../modules/assessment/placement';
import { planRoutes } from '../../modules/planning/routes';
import type { RouteSpec } from './route';

/** Every route of the request pipeline, in one list: the generated authorization test walks it. */
export const allRoutes: RouteSpec[] = [
  ...patientRoutes,
  ...chartRoutes,
  ...episodeRoutes,
  ...careTeamRoutes,
  ...censusRoutes,
  ...alertRoutes,
  ...staffRoutes,
  ...portalRoutes,
  ...organizationRoutes,
  ...facilityRoutes,
  ...userRoutes,
  ...auditRoutes,
  ...protocolRoutes,
  ...courseRoutes,
  ...flowsheetRoutes,
  ...medicationRoutes,
  ...completionRoutes,
  ...boardRoutes,
  ...instrumentRoutes,
  ...assessmentRoutes,
  ...diagnosisRoutes,
  ...placementRoutes,
  ...planRoutes,
];
