import { z } from 'zod';

// FHIR R4 resources as this server returns them. Loose objects: the named fields are checked and
// documented, and the rest of the resource (defined by the FHIR specification) passes through whole.

export const capabilityStatementSchema = z.looseObject({
  resourceType: z.literal('CapabilityStatement'),
  status: z.string(),
  date: z.string(),
  kind: z.string(),
  fhirVersion: z.string(),
  format: z.array(z.string()),
  rest: z.array(z.unknown()).optional(),
});

export const questionnaireSchema = z.looseObject({
  resourceType: z.literal('Questionnaire'),
  id: z.string().optional(),
  status: z.string(),
  item: z.array(z.unknown()).optional(),
});

export const questionnaireBundleSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  type: z.literal('searchset'),
  total: z.number().int(),
  entry: z.array(z.object({ resource: questionnaireSchema })),
});
