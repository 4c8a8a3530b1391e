import { z } from 'zod';

/**
 * What each assessment route answers. The key fields are named (documented in OpenAPI, checked on the
 * way out); objects are loose so a field added later is not silently dropped.
 */
const when = z.union([z.date(), z.string()]);
const whenOrNull = when.nullable();

export const instrumentResult = z.looseObject({
  id: z.string(),
  instrument: z.string(),
  total: z.number(),
  band: z.string().nullable(),
  suicideRisk: z.enum(['low', 'moderate', 'high']).nullable(),
  alertId: z.string().nullable(),
  administeredAt: when,
});
export const instrumentResultDetail = instrumentResult.extend({ detail: z.record(z.string(), z.unknown()), answers: z.record(z.string(), z.number()) });
export const instrumentList = z.object({ items: z.array(instrumentResult) });

export const assessment = z.looseObject({
  id: z.string(),
  patientId: z.string(),
  episodeId: z.string(),
  status: z.enum(['draft', 'signed']),
  sections: z.record(z.string(), z.unknown()),
  version: z.number(),
  signedAt: whenOrNull,
  amendments: z.array(z.looseObject({ id: z.string(), section: z.string(), reason: z.string(), amendedAt: when })),
});
export const assessmentList = z.object({ items: z.array(assessment) });

export const intakeScreen = z.looseObject({
  id: z.string(),
  collectedAt: when,
  results: z.array(z.looseObject({ analyte: z.string(), result: z.string() })),
  interpretation: z.unknown(),
});
export const lab = z.looseObject({
  id: z.string(),
  testName: z.string(),
  orderedAt: when,
  status: z.enum(['ordered', 'resulted']),
  resultedAt: whenOrNull,
  summary: z.string().nullable(),
});
export const workup = z.object({ screens: z.array(intakeScreen), labs: z.array(lab) });

export const diagnosis = z.looseObject({
  id: z.string(),
  icd10Code: z.string(),
  description: z.string(),
  category: z.string(),
  onsetDate: z.string().nullable(),
  status: z.string(),
  supersedesId: z.string().nullable(),
  signedAt: whenOrNull,
});
export const psychMedication = z.looseObject({ id: z.string(), name: z.string(), dose: z.string(), frequency: z.string(), stoppedOn: z.string().nullable() });
export const problemList = z.object({ diagnoses: z.array(diagnosis), psychMedications: z.array(psychMedication) });

export const placement = z.looseObject({
  id: z.string(),
  ratings: z.record(z.string(), z.number()),
  suggestion: z.looseObject({ level: z.string(), reasons: z.array(z.string()), referBeyondProgram: z.array(z.string()), engine: z.string() }),
  chosenLevel: z.string(),
  overridden: z.boolean(),
  overrideReason: z.string().nullable(),
  levelChanged: z.boolean(),
  signedAt: whenOrNull,
});
export const placementList = z.object({ items: z.array(placement) });

const workItem = z.looseObject({ id: z.string(), patientId: z.string(), patientName: z.string(), mrn: z.string() });
export const prescriberWork = z.object({ diagnosesToSign: z.array(workItem), placementsToSign: z.array(workItem) });
