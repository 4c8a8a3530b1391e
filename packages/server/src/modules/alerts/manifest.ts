import type { StageManifest } from '../../platform/stage';
import { alertGrants } from './grants';
import { alertRoutes } from './routes';

/** Alerts on a patient’s chart and the boards; every stage raises them through service.ts. */
export const alertsStage: StageManifest = {
  name: 'alerts',
  tables: ['alerts'],
  routes: alertRoutes,
  grants: alertGrants,
};
