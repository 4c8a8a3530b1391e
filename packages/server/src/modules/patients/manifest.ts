import type { StageManifest } from '../../platform/stage';
import { chartRoutes } from './chart';
import { patientRoutes } from './routes';

const facility = (why: string) => ({ scope: 'facility', why }) as const;

/** Patients: registration, search and the chart header shared by every stage. */
export const patientsStage: StageManifest = {
  name: 'patients',
  tables: ['patients', 'mrn_counters'],
  routes: [...patientRoutes, ...chartRoutes],
  grants: {
    patient: {
      read: {
        administrator: { scope: 'organization', why: 'The clinical director oversees every patient of the program.' },
        prescriber: facility('Treats the patients of the facilities they work at.'),
        nurse: facility('Cares for the patients of the facilities they work at.'),
        counselor: facility('Counsels the patients of the facilities they work at.'),
        case_manager: facility('Plans discharge and aftercare for the facility’s patients.'),
        admissions_coordinator: facility('Registers and schedules patients: demographics, not clinical content.'),
        peer_recovery_specialist: { scope: 'care-team', why: 'Supports only the patients whose care team they are on.' },
        // Another patient's record answers 404, like every out-of-scope request.
        patient: { scope: 'self', why: 'A patient may read their own record (right of access).' },
      },
      create: {
        administrator: { scope: 'organization', why: 'Registers a patient when setting up or correcting the program’s records.' },
        admissions_coordinator: facility('Registration is the front desk’s work.'),
        nurse: facility('Walk-in and after-hours admissions on the unit.'),
        prescriber: facility('After-hours admissions.'),
      },
      update: {
        administrator: { scope: 'organization', why: 'Corrects demographics across the program.' },
        admissions_coordinator: facility('Keeps demographics and contacts current.'),
        nurse: facility('Corrects allergies, contacts and photo at the point of care.'),
        prescriber: facility('Corrects allergies at the point of care.'),
        counselor: facility('Updates contacts and preferred name learned in sessions.'),
        case_manager: facility('Updates address and contacts for aftercare.'),
      },
    },
  },
};
