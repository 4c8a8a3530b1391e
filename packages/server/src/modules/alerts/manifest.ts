import type { StageManifest } from '../../platform/stage';
import { alertRoutes } from './routes';

const facility = (why: string) => ({ scope: 'facility', why }) as const;

/** Alerts on a patient’s chart and the boards; every stage raises them through service.ts. */
export const alertsStage: StageManifest = {
  name: 'alerts',
  tables: ['alerts'],
  routes: alertRoutes,
  grants: {
    alert: {
      read: {
        administrator: { scope: 'organization', why: 'The clinical director follows safety alerts across the program.' },
        prescriber: facility('Alerts are clinical: they are escalated to the prescriber.'),
        nurse: facility('Acts on overdue checks and abnormal scores.'),
        counselor: facility('Acts on suicide-risk and relapse-risk alerts.'),
        case_manager: facility('Acts on overdose-risk alerts at discharge.'),
        peer_recovery_specialist: { scope: 'care-team', why: 'Sees alerts about the patients they support.' },
      },
      // Acknowledging silences an alert: only the clinicians it is addressed to (the audience is checked too).
      update: {
        prescriber: facility('Acknowledges alerts addressed to prescribers.'),
        nurse: facility('Acknowledges alerts addressed to nurses.'),
        counselor: facility('Acknowledges alerts addressed to counselors.'),
      },
    },
  },
};
