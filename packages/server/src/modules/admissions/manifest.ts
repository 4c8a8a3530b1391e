import type { StageManifest } from '../../platform/stage';
import { sweepAuthorizations } from './authorization-alerts';
import { admissionsRoutes } from './routes';

const facility = (why: string) => ({ scope: 'facility', why }) as const;
const director = (why: string) => ({ scope: 'organization', why }) as const;

/** What the clinical team may read of admissions work, and why. */
const clinicalRead = (what: string) => ({
  administrator: director(`Oversees admissions across the program: ${what}.`),
  prescriber: facility(`Reviews ${what} before deciding on admission and medication.`),
  nurse: facility(`Prepares the unit for arrivals: ${what}.`),
  counselor: facility(`Knows ${what} of the people coming into their care.`),
  case_manager: facility(`Plans around ${what} (payer limits, aftercare).`),
});

/**
 * Admissions: inquiries and referrals with their pre-screen and waitlist, scheduled admissions against
 * beds, coverage (payers, eligibility verifications, prior authorizations) and signed consents. Peer
 * recovery specialists have no access: none of this is theirs to see before a person is in care.
 */
export const admissionsStage: StageManifest = {
  name: 'admissions',
  tables: [
    'adm_inquiries',
    'adm_prescreens',
    'adm_scheduled_admissions',
    'adm_bed_capacity',
    'adm_coverages',
    'adm_verifications',
    'adm_authorizations',
    'adm_consent_forms',
    'adm_consents',
    'adm_settings',
  ],
  routes: admissionsRoutes,
  grants: {
    'admissions-inquiry': {
      read: {
        ...clinicalRead('inquiries, referrals and pre-screens'),
        admissions_coordinator: facility('Works the inquiries and waitlist of their facilities.'),
      },
      create: {
        administrator: director('Records an inquiry when covering the front desk.'),
        admissions_coordinator: facility('Takes the calls and referrals.'),
      },
      update: {
        administrator: director('Corrects or closes inquiries.'),
        admissions_coordinator: facility('Pre-screens, waitlists, converts and closes inquiries.'),
      },
    },
    'admissions-schedule': {
      read: {
        ...clinicalRead('who arrives when, at which level'),
        admissions_coordinator: facility('Schedules admissions against the beds of their facilities.'),
      },
      create: {
        administrator: director('Schedules an admission when covering the front desk.'),
        admissions_coordinator: facility('Schedules admissions against free beds.'),
      },
      update: {
        administrator: director('Cancels or moves scheduled admissions.'),
        admissions_coordinator: facility('Cancels and reschedules admissions.'),
      },
    },
    coverage: {
      read: { ...clinicalRead('payer, authorized days and units'), admissions_coordinator: facility('Verifies benefits and tracks authorizations.') },
      create: {
        administrator: director('Records coverage for billing corrections.'),
        admissions_coordinator: facility('Records the insurance or payment arrangement at intake.'),
      },
      update: {
        administrator: director('Corrects coverage and authorizations.'),
        admissions_coordinator: facility('Records verifications and prior authorizations, and their use.'),
      },
    },
    'admissions-consent': {
      read: { ...clinicalRead('which consents are signed'), admissions_coordinator: facility('Checks that consents are signed before admission.') },
      create: {
        admissions_coordinator: facility('Witnesses the consent to treatment and the Part 2 notice at admission.'),
        nurse: facility('Witnesses consents at an after-hours admission on the unit.'),
      },
    },
  },
  jobs: [{ name: 'admissions: prior authorizations ending or running out', everySeconds: 3600, run: (db, now) => sweepAuthorizations(db, now) }],
};
