import type { Role } from '@waypoint/clinical/care/roles';

/**
 * Who may do what with medication, and why (the manifest's grants). Waypoint has no pharmacist or
 * director role: the program's controlled-substance duties go to nurses and prescribers (the medical
 * director is a prescriber), with the administrator as the second signer of last resort and the
 * reviewer of count discrepancies.
 */
const clinicalRead = {
  administrator: { scope: 'organization', why: 'Oversees the program and its medication records' },
  prescriber: { scope: 'facility', why: 'Orders and reviews medication' },
  nurse: { scope: 'facility', why: 'Gives the doses' },
  counselor: { scope: 'facility', why: 'Sees the medication list of the people they counsel (no ordering, no dosing)' },
  case_manager: { scope: 'facility', why: 'Coordinates care and aftercare around the medication' },
  peer_recovery_specialist: { scope: 'care-team', why: 'Supports the patients on their care team' },
} as const;

export const medicationGrants = {
  medication: { read: clinicalRead },
  'medication-order': {
    create: {
      prescriber: { scope: 'facility', why: 'Writes and signs orders' },
      nurse: { scope: 'facility', why: 'Takes verbal and telephone orders, which wait for the prescriber to co-sign' },
    },
    update: { prescriber: { scope: 'facility', why: 'Changes, holds and stops orders, reviews missed doses' } },
  },
  'medication-order-sign': {
    create: { prescriber: { scope: 'facility', why: 'Only a prescriber signs an order or co-signs a verbal one' } },
  },
  'medication-dose': {
    read: {
      nurse: { scope: 'facility', why: 'Runs the dosing window' },
      prescriber: { scope: 'facility', why: 'May dose and reviews the dosing window' },
      administrator: { scope: 'organization', why: 'Oversees dosing records' },
    },
    create: {
      nurse: { scope: 'facility', why: 'Gives, holds and records doses' },
      prescriber: { scope: 'facility', why: 'May give a dose' },
    },
  },
  'medication-take-home': {
    create: { prescriber: { scope: 'facility', why: 'Decides take-home eligibility and documents the criteria' } },
    update: {
      nurse: { scope: 'facility', why: 'Dispenses take-home bottles, checks returned bottles and call-backs' },
      prescriber: { scope: 'facility', why: 'Dispenses and checks take-homes' },
    },
  },
  'medication-stock': {
    read: {
      nurse: { scope: 'facility', why: 'Counts and dispenses controlled substances' },
      prescriber: { scope: 'facility', why: 'Medical director duties: reviews the ledger and counts' },
      administrator: { scope: 'organization', why: 'Program oversight of controlled substances' },
    },
    create: {
      nurse: { scope: 'facility', why: 'Receives stock, counts, transfers, requests waste' },
      prescriber: { scope: 'facility', why: 'Receives stock, counts, transfers, requests waste' },
    },
    update: {
      nurse: { scope: 'facility', why: 'Second signer of waste and destruction' },
      prescriber: { scope: 'facility', why: 'Second signer; reviews count discrepancies' },
      administrator: { scope: 'organization', why: 'Second signer; reviews count discrepancies for the program' },
    },
  },
  // Which of the clinical package's overriders (a rule's overrideBy) a user may act as. There is no
  // medical-director role in Waypoint: the medical director is a prescriber; the administrator acts for
  // the program sponsor.
  'medication-override-prescriber': {
    create: { prescriber: { scope: 'facility', why: 'Overrides the rules that a prescriber may override, with a recorded reason' } },
  },
  'medication-override-medical-director': {
    create: { prescriber: { scope: 'facility', why: 'The medical director is a prescriber: uses the overrides the rules give the medical director' } },
  },
  'medication-override-nurse': {
    create: { nurse: { scope: 'facility', why: 'Overrides the dosing cautions that a nurse may override, with a recorded reason' } },
  },
  'medication-override-program-sponsor': {
    create: { administrator: { scope: 'organization', why: 'Acts for the program sponsor in the overrides the rules give the sponsor' } },
  },
  'medication-settings': {
    read: {
      administrator: { scope: 'organization', why: 'Sets the program rules' },
      prescriber: { scope: 'facility', why: 'Sees the program rules' },
      nurse: { scope: 'facility', why: 'Sees the program rules' },
    },
    update: { administrator: { scope: 'organization', why: 'Sets the jurisdiction and local limits' } },
  },
} as const;

type Resource = keyof typeof medicationGrants;

/**
 * Whether another user's role holds a grant (e.g. the prescriber named on a verbal order may sign it):
 * read from the grants, so no handler compares role names.
 */
export function roleHolds(role: Role, resource: Resource, action: 'read' | 'create' | 'update'): boolean {
  const byRole = (medicationGrants[resource] as Partial<Record<string, Partial<Record<Role, unknown>>>>)[action];
  return byRole?.[role] !== undefined;
}
