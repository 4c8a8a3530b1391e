import type { StageManifest } from '../../platform/stage';
import { portalRoutes } from './routes';

/** The patient portal: a patient’s own record, and (with consent) a family member’s view of it. */
export const portalStage: StageManifest = {
  name: 'portal',
  tables: [],
  routes: portalRoutes,
  grants: {
    portal: {
      read: {
        patient: { scope: 'self', why: 'Patients see their own plan, schedule and who looked at their record.' },
        family_member: { scope: 'self', why: 'Family members see only what the patient consented to share.' },
      },
    },
  },
};
