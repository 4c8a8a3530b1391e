import type { Role } from '@waypoint/clinical/care/roles';
import type { Scope } from '../src/platform/permissions/decision-table';

/**
 * The records the scope matrix (scope.test.ts) asks for, one set per place relative to a user:
 * - home: a patient at the user's facility whose care team includes the peer specialist, and who is
 *   the portal patient's own record;
 * - offTeam: at the user's facility, not on the peer's care team, not the portal patient;
 * - elsewhere: at the organization's other facility;
 * - foreign: in another organization.
 */
export type Place = 'home' | 'offTeam' | 'elsewhere' | 'foreign';

export type Ids = Record<string, string>;

/** Is a record at this place within a role's scope? Facility-level records (kind 'facility') follow facility scope. */
export function reaches(scope: Scope, place: Place, kind: string): boolean {
  if (place === 'foreign') return false;
  // Records the organization owns as a whole: every organization-scoped role reaches them.
  if (kind === 'user' || kind === 'protocol') return scope === 'organization';
  switch (scope) {
    case 'organization':
      return true;
    case 'facility':
      return place !== 'elsewhere';
    case 'care-team':
    case 'self':
      return place === 'home' && kind !== 'facility';
  }
}

/** Which kind of record a route's first path parameter names, from the start of its URL. */
export const idKinds: [prefix: string, kind: string][] = [
  ['/patients/:id', 'patient'],
  ['/episodes/:id', 'episode'],
  ['/withdrawal/:id', 'course'],
  ['/alerts/:id', 'alert'],
  ['/facilities/:id', 'facility'],
  ['/users/:id', 'user'],
  ['/wm/protocols/:id', 'protocol'],
  ['/assessments/:id', 'assessment'],
  ['/instrument-results/:id', 'instrument-result'],
  ['/baseline-labs/:id', 'lab'],
  ['/diagnoses/:id', 'diagnosis'],
  ['/psych-medications/:id', 'psych-medication'],
  ['/placements/:id', 'placement'],
  ['/plans/:id', 'plan'],
];

/** Routes whose ids are not a tenant's records, with the reason. */
export const notTenantRecords: Record<string, string> = {
  'GET /fhir/R4/Questionnaire/:id': 'Instrument definitions are the same public documents for every organization.',
};

/**
 * A valid body for each write route with an id, so an out-of-scope request reaches the scope check
 * (an invalid body is refused with 400 first, which says nothing about the record either way).
 */
export function sampleBody(route: string, ids: { protocolId: string; counselorId: string }, role: Role): unknown {
  const bodies: Record<string, unknown> = {
    'PATCH /patients/:id': { phone: '555-0100' },
    'POST /patients/:id/episodes': { facilityId: '00000000-0000-7000-8000-000000000000', levelOfCare: 'residential' },
    'POST /episodes/:id/care-team': { userId: ids.counselorId, teamRole: 'other' },
    'POST /episodes/:id/discharge': { dischargeType: 'completed', naloxoneGiven: true, medicationOffered: true },
    'POST /episodes/:id/level-changes': { levelOfCare: 'residential', reason: 'scope matrix' },
    'POST /episodes/:id/withdrawal': { protocolId: ids.protocolId, lastUseKind: 'unknown' },
    'PATCH /facilities/:id': { name: `Renamed by ${role}` },
    'PATCH /users/:id': { displayName: `Renamed by ${role}` },
    'POST /withdrawal/:id/complete': { outcome: 'against_advice', naloxoneGiven: true, medicationOffered: true },
    'POST /withdrawal/:id/medications': { medication: 'clonidine', outcome: 'refused', reason: 'scope matrix' },
    'POST /withdrawal/:id/medications/:eventId/reassess': { effect: 'scope matrix' },
    'POST /withdrawal/:id/observations': { vitals: { heartRate: 80 } },
    'PATCH /wm/protocols/:id': { name: `Renamed by ${role}` },
    'POST /patients/:id/instruments/:code': { answers: {} },
    'PATCH /assessments/:id': { sections: { legal: { summary: 'scope matrix' } } },
    'POST /assessments/:id/sign': { typedName: 'scope matrix' },
    'POST /assessments/:id/amendments': { section: 'legal', changes: { summary: 'scope matrix' }, reason: 'scope matrix' },
    'POST /episodes/:id/intake-screen': { collectedAt: '2026-01-01T00:00:00Z', results: [{ analyte: 'fentanyl', result: 'negative' }] },
    'POST /episodes/:id/baseline-labs': { testName: 'HCV antibody' },
    'POST /baseline-labs/:id/result': { resultedAt: '2026-01-01T00:00:00Z', summary: 'scope matrix' },
    'POST /patients/:id/diagnoses': { icd10Code: 'F11.20', description: 'Opioid use disorder', category: 'substance-use' },
    'POST /diagnoses/:id/amendments': { reason: 'scope matrix' },
    'POST /patients/:id/psych-medications': { name: 'Sertraline', dose: '50 mg', frequency: 'daily' },
    'POST /psych-medications/:id/stop': { stoppedOn: '2026-01-01', reason: 'scope matrix' },
    'POST /episodes/:id/placements': { ratings: { withdrawal: 1, biomedical: 1, emotional: 1, readiness: 1, relapse: 1, environment: 1 }, chosenLevel: 'residential', overrideReason: 'scope matrix' },
    'PATCH /plans/:id/versions/:n': { content: { problems: [], goals: [], objectives: [], interventions: [] } },
    'POST /plans/:id/versions/:n/signatures': { signer: 'clinician', typedName: 'scope matrix' },
    'POST /plans/:id/versions': { changeReason: 'scope matrix' },
  };
  return bodies[route] ?? {};
}
