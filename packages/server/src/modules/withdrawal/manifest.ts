import type { StageManifest } from '../../platform/stage';
import { boardRoutes } from './board';
import { completionRoutes } from './completion';
import { courseRoutes } from './courses';
import { flowsheetRoutes } from './flowsheet';
import { medicationRoutes } from './medications';
import { protocolRoutes } from './protocols';
import { sweepWithdrawal } from './sweeper';

const facility = (why: string) => ({ scope: 'facility', why }) as const;

/** Withdrawal management: protocols, courses, the flowsheet, comfort medications, the unit board. */
export const withdrawalStage: StageManifest = {
  name: 'withdrawal',
  tables: ['wm_protocols', 'wm_courses', 'wm_observations', 'wm_medication_events', 'wm_reassessments'],
  routes: [...protocolRoutes, ...courseRoutes, ...flowsheetRoutes, ...medicationRoutes, ...completionRoutes, ...boardRoutes],
  grants: {
    // The flowsheet is clinical content: the front desk does not see it.
    withdrawal: {
      read: {
        administrator: { scope: 'organization', why: 'The clinical director reviews detox care.' },
        prescriber: facility('Orders and adjusts withdrawal medication.'),
        nurse: facility('Runs the flowsheet around the clock.'),
        counselor: facility('Times sessions around withdrawal severity.'),
        case_manager: facility('Plans the move after detox.'),
        peer_recovery_specialist: { scope: 'care-team', why: 'Supports patients through detox.' },
      },
      create: {
        prescriber: facility('Starts a withdrawal-management course.'),
        nurse: facility('Starts a course and charts scores, vitals and doses.'),
      },
      update: {
        prescriber: facility('Gives first doses and completes courses.'),
        nurse: facility('Charts, doses and completes courses.'),
      },
    },
    'withdrawal-board': {
      read: {
        administrator: { scope: 'organization', why: 'The clinical director watches every unit.' },
        prescriber: facility('Sees who needs a decision.'),
        nurse: facility('Works the unit from the board.'),
        counselor: facility('Sees who is well enough for a session.'),
        case_manager: facility('Sees who is nearing completion.'),
      },
    },
    // Protocol medication content (doses, hold parameters) is a prescriber's decision, not IT's.
    'wm-protocol': {
      read: {
        administrator: { scope: 'organization', why: 'Keeps the program’s protocols on file.' },
        prescriber: { scope: 'organization', why: 'Writes the protocols.' },
        nurse: { scope: 'organization', why: 'Follows the protocols.' },
        counselor: { scope: 'organization', why: 'Knows what the protocol asks of the patient.' },
      },
      create: { prescriber: { scope: 'organization', why: 'The medical director writes protocols, doses included.' } },
      update: { prescriber: { scope: 'organization', why: 'The medical director revises protocols, doses included.' } },
    },
  },
  jobs: [{ name: 'withdrawal overdue checks and escalation', everySeconds: 60, run: (db, now) => sweepWithdrawal(db, now) }],
};
