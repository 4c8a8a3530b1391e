import type { StageManifest } from '../../platform/stage';
import { careTeamRoutes } from './care-team';
import { censusRoutes } from './census';
import { episodeRoutes } from './episodes';

const facility = (why: string) => ({ scope: 'facility', why }) as const;
const director = (why: string) => ({ scope: 'organization', why }) as const;

/** Care: episodes, levels of care, beds and census, care teams. Other stages change them through service.ts. */
export const careStage: StageManifest = {
  name: 'care',
  tables: ['episodes', 'level_of_care_changes', 'care_team_members'],
  routes: [...episodeRoutes, ...careTeamRoutes, ...censusRoutes],
  grants: {
    episode: {
      read: {
        administrator: director('Oversees levels of care across the program.'),
        prescriber: facility('Decides levels of care.'),
        nurse: facility('Works with the level and bed of every patient on the unit.'),
        counselor: facility('Plans care around the level of care.'),
        case_manager: facility('Prepares step-downs and discharges.'),
        admissions_coordinator: facility('Sees admission dates, levels and beds (schedule and beds, no clinical content).'),
        peer_recovery_specialist: { scope: 'care-team', why: 'Knows where the patients they support are in their care.' },
      },
      create: {
        admissions_coordinator: facility('Admits scheduled patients to a bed.'),
        nurse: facility('Admits walk-ins and after-hours arrivals on the unit.'),
        prescriber: facility('Admits after assessment.'),
      },
      // Level-of-care changes and discharges are decisions of licensed clinical staff; case managers
      // prepare them (aftercare plan) and the front desk does not make them.
      update: {
        prescriber: facility('Licensed: decides level-of-care changes and discharges.'),
        nurse: facility('Licensed: carries out transfers and discharges on the unit.'),
        counselor: facility('Licensed clinician: steps patients down or up with the team.'),
      },
    },
    'care-team': {
      read: {
        administrator: director('Sees who is responsible for whom.'),
        prescriber: facility('Knows the team of each patient.'),
        nurse: facility('Knows whom to call about a patient.'),
        counselor: facility('Knows the team of each patient.'),
        case_manager: facility('Coordinates with the team.'),
        admissions_coordinator: facility('Assigns a counselor at admission.'),
        peer_recovery_specialist: { scope: 'care-team', why: 'Sees the team they belong to.' },
      },
      update: {
        administrator: director('Reassigns caseloads.'),
        prescriber: facility('Builds the team for a patient.'),
        nurse: facility('Builds the team for a patient.'),
        counselor: facility('Adds a peer specialist or case manager to the team.'),
        case_manager: facility('Adds aftercare staff to the team.'),
      },
    },
    census: {
      read: {
        administrator: director('Census and beds across facilities.'),
        prescriber: facility('Who is on the unit.'),
        nurse: facility('Who is on the unit and in which bed.'),
        counselor: facility('Who is in the program today.'),
        case_manager: facility('Who is due to step down or leave.'),
        admissions_coordinator: facility('Beds free for scheduled admissions.'),
      },
    },
  },
};
