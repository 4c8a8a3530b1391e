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
  if (kind === 'user' || kind === 'protocol' || kind === 'token') return scope === 'organization';
  if (kind === 'user' || kind === 'protocol' || kind === 'template' || kind === 'group-type') return scope === 'organization';
  // Group sessions and outings belong to a facility's schedule, not to one patient.
  if (kind === 'group-session' || kind === 'outing') kind = 'facility';
  switch (scope) {
    case 'organization':
      return true;
    case 'facility':
      return place !== 'elsewhere';
    case 'care-team':
    case 'self':
      return place === 'home' && !facilityKinds.includes(kind);
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
  ['/auth/tokens/:id', 'token'],
  ['/medication-orders/:id', 'med-order'],
  ['/take-home-plans/:id', 'med-plan'],
  ['/medication-stock/:id', 'med-container'],
  ['/medication-counts/:id', 'med-count'],
  ['/medication-waste/:id', 'med-waste'],
  ['/therapy-sessions/:id', 'therapy-session'],
  ['/group-sessions/:id', 'group-session'],
  ['/outings/:id', 'outing'],
  ['/therapy/templates/:id', 'template'],
  ['/therapy/group-types/:id', 'group-type'],
  ['/therapy/clinicians/:id', 'user'],
  ['/admissions/inquiries/:id', 'inquiry'],
  ['/admissions/scheduled/:id', 'scheduled'],
  ['/admissions/facilities/:id', 'facility'],
  ['/coverages/:id', 'coverage'],
  ['/authorizations/:id', 'authorization'],
  ['/consents/:id', 'consent'],
  ['/assessments/:id', 'assessment'],
  ['/instrument-results/:id', 'instrument-result'],
  ['/baseline-labs/:id', 'lab'],
  ['/diagnoses/:id', 'diagnosis'],
  ['/psych-medications/:id', 'psych-medication'],
  ['/placements/:id', 'placement'],
  ['/plans/:id', 'plan'],
];

/** Records kept per facility rather than per patient (controlled-substance stock): facility scope, no care team. */
export const facilityKinds = ['facility', 'med-container', 'med-count', 'med-waste'];

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
    'POST /facilities/:id/display-credentials': { name: `Wall screen by ${role}` },
    'PATCH /medication-orders/:id': { instructions: 'scope matrix' },
    'POST /medication-orders/:id/status': { action: 'hold', reason: 'scope matrix' },
    'POST /medication-orders/:id/reviews': { note: 'scope matrix' },
    'POST /medication-stock/:id/receipts': { quantity: 1, supplier: 'Scope', orderFormNumber: '222-1' },
    'POST /medication-stock/:id/transfers': { toContainerId: '00000000-0000-7000-8000-000000000000', quantity: 1, reason: 'scope matrix' },
    'POST /medication-stock/:id/adjustments': { quantity: 1, reason: 'scope matrix' },
    'POST /medication-stock/:id/counts': { counted: 1, note: 'scope matrix' },
    'POST /medication-counts/:id/review': { note: 'scope matrix' },
    'POST /medication-stock/:id/waste': { kind: 'waste', quantity: 1, reason: 'scope matrix' },
    'POST /take-home-plans/:id/dispense': { containerId: '00000000-0000-7000-8000-000000000000' },
    'POST /patients/:id/therapy-sessions': { modality: 'cbt', startsAt: '2026-01-05T10:00:00Z', endsAt: '2026-01-05T10:45:00Z' },
    'PUT /patients/:id/activity-attendance': { day: '2026-01-05', itemKey: 'wake', status: 'present' },
    'POST /facilities/:id/outings': { title: 'Walk', startsAt: '2026-01-05T10:00:00Z', endsAt: '2026-01-05T11:00:00Z' },
    'POST /facilities/:id/group-series': {
      groupTypeId: '00000000-0000-7000-8000-000000000000',
      levelsOfCare: ['residential'],
      rrule: 'FREQ=WEEKLY',
      firstDate: '2026-01-05',
      startTime: '10:00',
    },
    'PUT /facilities/:id/program-day/:level': { items: [] },
    'PATCH /therapy-sessions/:id': { sections: { note: 'x' } },
    'POST /therapy-sessions/:id/addenda': { body: 'x', reason: 'scope matrix' },
    'PUT /group-sessions/:id/attendance': { entries: [{ patientId: '00000000-0000-7000-8000-000000000000', status: 'present' }] },
    'PUT /group-sessions/:id/note': { shared: {}, parts: {} },
    'POST /group-sessions/:id/note/attendees': { patientId: '00000000-0000-7000-8000-000000000000', participation: 'x', reason: 'scope matrix' },
    'POST /group-sessions/:id/note/attendees/:patientId/remove': { reason: 'scope matrix' },
    'POST /group-sessions/:id/note/amend': { shared: { topic: 'x' }, reason: 'scope matrix' },
    'PATCH /therapy/templates/:id': { name: `Renamed by ${role}` },
    'PATCH /therapy/group-types/:id': { name: `Renamed by ${role}` },
    'PUT /therapy/clinicians/:id': { licensed: true },
    'PATCH /admissions/inquiries/:id': { nextAction: 'scope matrix' },
    'POST /admissions/inquiries/:id/close': { reason: 'scope matrix' },
    'PUT /admissions/inquiries/:id/prescreen': {
      substances: [{ substance: 'heroin', route: 'smoked' }],
      overdoseCount: 0,
      withdrawalHistory: { severe: false, seizures: false, delirium: false },
      pregnancy: 'unknown',
      currentMoud: 'none',
      urgency: 'routine',
    },
    'POST /admissions/scheduled/:id/cancel': { reason: 'scope matrix' },
    'PUT /admissions/facilities/:id/bed-capacity': { levels: [] },
    'POST /patients/:id/coverages': { kind: 'self_pay', effectiveFrom: '2026-01-01' },
    'POST /patients/:id/consents': { formCode: 'part2-notice', formVersion: 1, signerName: 'Scope Matrix', attested: true },
    'PATCH /coverages/:id': { notes: 'scope matrix' },
    'POST /coverages/:id/verifications': { method: 'phone', referenceNumber: 'SCOPE', result: 'active' },
    'POST /coverages/:id/authorizations': {
      levelOfCare: 'residential',
      authNumber: 'SCOPE',
      unit: 'days',
      approved: 1,
      startDate: '2026-01-01',
      endDate: '2026-01-02',
    },
    'PATCH /authorizations/:id': { used: 0 },
    'POST /consents/:id/amendments': { signerName: 'Scope Matrix', reason: 'scope matrix', attested: true },
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
    'POST /episodes/:id/placements': {
      ratings: { withdrawal: 1, biomedical: 1, emotional: 1, readiness: 1, relapse: 1, environment: 1 },
      chosenLevel: 'residential',
      overrideReason: 'scope matrix',
    },
    'PATCH /plans/:id/versions/:n': { content: { problems: [], goals: [], objectives: [], interventions: [] } },
    'POST /plans/:id/versions/:n/signatures': { signer: 'clinician', typedName: 'scope matrix' },
    'POST /plans/:id/versions': { changeReason: 'scope matrix' },
  };
  return bodies[route] ?? {};
}
