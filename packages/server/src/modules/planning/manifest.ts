import type { StageManifest } from '../../platform/stage';
import { planRoutes } from './routes';

const facility = (why: string) => ({ scope: 'facility', why }) as const;
const director = (why: string) => ({ scope: 'organization', why }) as const;

/** Planning: the treatment plan in signed, immutable versions, review dates per level, the counselor's work list. */
export const planningStage: StageManifest = {
  name: 'planning',
  tables: ['plan_plans', 'plan_versions', 'plan_review_settings'],
  routes: planRoutes,
  grants: {
    'treatment-plan': {
      read: {
        administrator: director('The clinical director reviews plans (audits, payers).'),
        prescriber: facility('Medication is part of the plan.'),
        nurse: facility('Carries out the plan’s interventions on the unit.'),
        counselor: facility('Writes and reviews the plan.'),
        case_manager: facility('Case-management interventions and aftercare follow the plan.'),
        // Peers work on the patient's own goals, and only for the patients they support.
        peer_recovery_specialist: { scope: 'care-team', why: 'Supports the goals in the patient’s own words, for patients they support.' },
      },
      create: { counselor: facility('Writes the treatment plan with the patient.') },
      update: { counselor: facility('Edits drafts, witnesses the patient’s signature, signs and revises the plan.') },
    },
    'plan-settings': {
      read: {
        administrator: director('Sets the program’s review intervals.'),
        counselor: director('Knows when reviews fall due.'),
      },
      update: { administrator: director('Review intervals are a program setting.') },
    },
    'counselor-worklist': {
      read: { counselor: facility('Assessments to finish and plans to sign or review, my facilities only.') },
    },
  },
};
