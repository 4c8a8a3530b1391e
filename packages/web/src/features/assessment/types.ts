// The assessment API's answers, derived from the server's response schemas (server modules/assessment/schemas.ts).
// Type-only imports: no server code is bundled.
import type { z } from 'zod';
import type {
  assessmentSchema,
  diagnosisSchema,
  instrumentResultDetailSchema,
  instrumentResultSchema,
  placementSchema,
  prescriberWorkSchema,
  psychMedicationSchema,
  sectionsSchema,
  workupSchema,
} from '@waypoint/server/schemas/assessment';

export type InstrumentResult = z.infer<typeof instrumentResultSchema>;
export type InstrumentResultDetail = z.infer<typeof instrumentResultDetailSchema>;
export type Sections = z.infer<typeof sectionsSchema>;
export type Substance = NonNullable<Sections['substanceUse']>['substances'][number];
export type Assessment = z.infer<typeof assessmentSchema>;
export type Workup = z.infer<typeof workupSchema>;
export type Diagnosis = z.infer<typeof diagnosisSchema>;
export type PsychMedication = z.infer<typeof psychMedicationSchema>;
export type Placement = z.infer<typeof placementSchema>;
export type PrescriberWorkList = z.infer<typeof prescriberWorkSchema>;
