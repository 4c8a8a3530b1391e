import { z } from 'zod';
import { levelsOfCare } from '@waypoint/clinical/care/levels';
import { planContent } from './content';

const when = z.union([z.date(), z.string()]);
const signature = z.object({ name: z.string(), at: when }).nullable();

export const planVersion = z.looseObject({
  id: z.string(),
  planId: z.string(),
  number: z.number(),
  status: z.enum(['draft', 'signed']),
  content: planContent,
  changeReason: z.string().nullable(),
  version: z.number(),
  patientSignature: signature,
  clinicianSignature: signature,
  signedAt: when.nullable(),
  levelOfCare: z.string().nullable(),
  reviewDueOn: z.string().nullable(),
  reviewOverdue: z.boolean(),
});

export const planSummary = z.looseObject({
  id: z.string(),
  patientId: z.string(),
  episodeId: z.string(),
  versions: z.array(z.looseObject({ number: z.number(), status: z.string(), signedAt: when.nullable(), reviewDueOn: z.string().nullable() })),
  current: planVersion.nullable(),
  latestSignedNumber: z.number().nullable(),
  draftNumber: z.number().nullable(),
  reviewDueOn: z.string().nullable(),
  reviewOverdue: z.boolean(),
});

export const planOfPatient = z.object({ plan: planSummary.nullable() });

export const planDiff = z.object({
  from: z.number(),
  to: z.number(),
  changes: z.array(
    z.looseObject({
      section: z.string(),
      id: z.string(),
      kind: z.enum(['added', 'removed', 'changed']),
      label: z.string(),
      fields: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })).optional(),
    }),
  ),
});

/** Days between plan reviews per level of care: the program's setting and Waypoint's defaults. */
export const reviewSettings = z.object({ reviewDays: z.record(z.enum(levelsOfCare), z.number()), defaults: z.record(z.enum(levelsOfCare), z.number()) });

const workItem = z.looseObject({ patientId: z.string(), patientName: z.string(), mrn: z.string(), episodeId: z.string(), state: z.string() });
export const counselorWork = z.object({
  assessmentsToFinish: z.array(workItem),
  plansToWrite: z.array(workItem),
  plansToSign: z.array(workItem),
  reviewsOverdue: z.array(workItem),
});

/**
 * The PDF bytes: documented as a (binary) string in OpenAPI; the handler returns a Buffer, which
 * Fastify sends as is (a Buffer never goes through the JSON serializer).
 */
export const pdfBytes = z.string().describe('application/pdf: the signed plan as a PDF document (binary)') as unknown as z.ZodType<Buffer>;
