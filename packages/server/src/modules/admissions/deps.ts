/** What admissions calls in other stages, in one place (their services; admissions never writes their tables). */
export { raiseAlert, resolveAlerts } from '../alerts/service';
export { admit } from '../care/service';
export { registerPatient } from '../patients/service';
export { findDuplicates } from '../patients/search';
