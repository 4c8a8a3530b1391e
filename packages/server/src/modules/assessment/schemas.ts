import { z } from 'zod';
import { analytes } from '@waypoint/clinical/drug-screens/analytes';
import { levelsOfCare } from '@waypoint/clinical/care/levels';
import { dimensions } from '@waypoint/clinical/placement/engine';
import { problems } from '../../platform/problems';

export const instant = z.iso.datetime({ offset: true });
export const isoDate = z.iso.date();
const text = (max = 4000) => z.string().trim().min(1).max(max);

/** One substance of the substance-use history. */
export const substanceSchema = z
  .object({
    substance: text(100),
    ageOfFirstUse: z.number().int().min(1).max(100).nullish(),
    route: z.enum(['oral', 'intranasal', 'smoked', 'injected', 'sublingual', 'transdermal', 'other']).nullish(),
    frequency: text(200).nullish(),
    amount: text(200).nullish(),
    lastUseAt: instant.nullish(),
    /** Opioids: short- or long-acting, for withdrawal management's induction readiness. */
    opioidKind: z.enum(['short_acting', 'long_acting']).nullish(),
  })
  .strict();

const narrative = z.object({ summary: text().nullish() }).strict();

/** The biopsychosocial sections. A draft may hold any part; signing needs every section filled in. */
export const sectionsSchema = z
  .object({
    medical: z.object({ summary: text().nullish(), conditions: z.array(text(200)).max(50).nullish() }).strict(),
    substanceUse: z.object({ substances: z.array(substanceSchema).max(30), summary: text().nullish() }).strict(),
    mentalHealth: narrative,
    trauma: narrative,
    housing: z
      .object({ status: z.enum(['stable', 'unstable', 'homeless', 'institution', 'recovery-residence']).nullish(), summary: text().nullish() })
      .strict(),
    employment: z
      .object({ status: z.enum(['employed', 'unemployed', 'student', 'disabled', 'retired', 'other']).nullish(), summary: text().nullish() })
      .strict(),
    legal: narrative,
    family: narrative,
    strengths: narrative,
  })
  .partial()
  .strict();
export type Sections = z.infer<typeof sectionsSchema>;
export const sectionNames = ['medical', 'substanceUse', 'mentalHealth', 'trauma', 'housing', 'employment', 'legal', 'family', 'strengths'] as const;

/** Every section complete, or the first gap named (field and rule). */
export function requireCompleteSections(s: Sections, birthDate: string, now: Date): void {
  for (const name of sectionNames) {
    const section = s[name] as Record<string, unknown> | undefined;
    if (!section) throw problems.invalid(`sections.${name}`, 'assessment.section-required', `sections.${name}: complete this section before signing.`);
    if (name === 'substanceUse') continue;
    if (!section.summary)
      throw problems.invalid(`sections.${name}.summary`, 'assessment.section-required', `sections.${name}.summary: write this section before signing.`);
  }
  const su = s.substanceUse!;
  if (su.substances.length === 0)
    throw problems.invalid(
      'sections.substanceUse.substances',
      'assessment.substance-required',
      'sections.substanceUse.substances: record at least one substance before signing.',
    );
  su.substances.forEach((x, i) => {
    for (const f of ['ageOfFirstUse', 'route', 'frequency', 'amount', 'lastUseAt'] as const) {
      if (x[f] === undefined || x[f] === null)
        throw problems.invalid(
          `sections.substanceUse.substances.${i}.${f}`,
          'assessment.substance-complete',
          `sections.substanceUse.substances.${i}.${f}: required for each substance before signing.`,
        );
    }
  });
  for (const name of ['housing', 'employment'] as const) {
    if (!s[name]?.status)
      throw problems.invalid(`sections.${name}.status`, 'assessment.section-required', `sections.${name}.status: choose one before signing.`);
  }
  checkSectionDates(s, birthDate, now);
}

/** Dates in order, draft or not: first use at an age the patient has reached; last use not in the future. */
export function checkSectionDates(s: Sections, birthDate: string, now: Date): void {
  const ageNow = Math.floor((now.getTime() - Date.parse(`${birthDate}T00:00:00Z`)) / (365.2425 * 86_400_000));
  (s.substanceUse?.substances ?? []).forEach((x, i) => {
    if (x.ageOfFirstUse != null && x.ageOfFirstUse > ageNow)
      throw problems.invalid(
        `sections.substanceUse.substances.${i}.ageOfFirstUse`,
        'age-not-after-today',
        `sections.substanceUse.substances.${i}.ageOfFirstUse: the patient is ${ageNow}.`,
      );
    if (x.lastUseAt && Date.parse(x.lastUseAt) > now.getTime() + 5 * 60_000)
      throw problems.invalid(
        `sections.substanceUse.substances.${i}.lastUseAt`,
        'not-in-future',
        `sections.substanceUse.substances.${i}.lastUseAt: cannot be in the future.`,
      );
    if (x.lastUseAt && Date.parse(x.lastUseAt) < Date.parse(`${birthDate}T00:00:00Z`))
      throw problems.invalid(
        `sections.substanceUse.substances.${i}.lastUseAt`,
        'after-birth',
        `sections.substanceUse.substances.${i}.lastUseAt: before the patient's birth.`,
      );
  });
}

/** JSONB read back through its schema: a bad row fails loudly instead of reaching the screen. */
export function parseSections(v: unknown): Sections {
  return sectionsSchema.parse(v ?? {});
}

export const analyteNames = Object.keys(analytes) as [keyof typeof analytes, ...(keyof typeof analytes)[]];
export const screenResultSchema = z
  .object({
    analyte: z.enum(analyteNames),
    result: z.enum(['positive', 'negative', 'invalid']),
  })
  .strict();

export const ratingsSchema = z
  .object(Object.fromEntries(dimensions.map((d) => [d, z.number().int().min(0).max(4)])) as Record<(typeof dimensions)[number], z.ZodNumber>)
  .strict();
export const notesSchema = z
  .object(
    Object.fromEntries(dimensions.map((d) => [d, z.string().trim().max(4000).optional()])) as Record<(typeof dimensions)[number], z.ZodOptional<z.ZodString>>,
  )
  .strict();
export const levelSchema = z.enum(levelsOfCare);

export const icd10 = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-TV-Z][0-9][0-9AB](\.[0-9A-TV-Z]{1,4})?$/, 'an ICD-10-CM code such as F11.20');

// What the assessment routes answer (the web's types are z.infer of these; every field named, checked on the way out).
const nstr = z.string().nullable();
export const diagnosisCategories = ['substance-use', 'mental-health', 'medical'] as const;
export const diagnosisStatuses = ['active', 'in-remission', 'resolved', 'ruled-out'] as const;

/** An instrument result in a patient's list (the scores-over-time chart); the DSM-5 checklist's ICD-10-CM code rides along. */
export const instrumentResultSchema = z.object({
  id: z.string(),
  instrument: z.string(),
  total: z.number(),
  band: nstr,
  suicideRisk: z.enum(['low', 'moderate', 'high']).nullable(),
  alertId: nstr,
  administeredAt: instant,
  icd10cm: nstr,
});
export const instrumentListSchema = z.object({ items: z.array(instrumentResultSchema) });
/** One result with its answers and the clinical package's detail. */
export const instrumentResultDetailSchema = instrumentResultSchema.omit({ icd10cm: true }).extend({
  patientId: z.string(),
  episodeId: nstr,
  detail: z.record(z.string(), z.unknown()),
  answers: z.record(z.string(), z.number()),
  recordedByName: nstr,
});

export const assessmentSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  episodeId: z.string(),
  kind: z.string(),
  status: z.enum(['draft', 'signed']),
  sections: sectionsSchema,
  version: z.number(),
  createdAt: instant,
  updatedAt: instant,
  createdByName: nstr,
  signedAt: instant.nullable(),
  signedName: nstr,
  signedByName: nstr,
  amendments: z.array(
    z.object({ id: z.string(), section: z.string(), changes: z.record(z.string(), z.unknown()), reason: z.string(), amendedAt: instant, amendedByName: nstr }),
  ),
});
export const assessmentListSchema = z.object({ items: z.array(assessmentSchema) });

export const intakeScreenSchema = z.object({
  id: z.string(),
  collectedAt: instant,
  results: z.array(z.object({ analyte: z.string(), result: z.string() })),
  interpretation: z.looseObject({ findings: z.array(z.looseObject({ code: z.string(), message: z.string() })).optional() }),
});
export const labSchema = z.object({
  id: z.string(),
  testName: z.string(),
  orderedAt: instant,
  status: z.enum(['ordered', 'resulted']),
  resultedAt: instant.nullable(),
  summary: nstr,
});
export const workupSchema = z.object({ screens: z.array(intakeScreenSchema), labs: z.array(labSchema) });

export const diagnosisSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  icd10Code: z.string(),
  description: z.string(),
  category: z.enum(diagnosisCategories),
  onsetDate: nstr,
  status: z.enum(diagnosisStatuses),
  resolvedDate: nstr,
  basisResultId: nstr,
  diagnosedAt: instant,
  diagnosedByName: nstr,
  supersedesId: nstr,
  amendmentReason: nstr,
  signedAt: instant.nullable(),
  signedByName: nstr,
});
export const psychMedicationSchema = z.object({
  id: z.string(),
  name: z.string(),
  dose: z.string(),
  frequency: z.string(),
  prescribedBy: nstr,
  startedOn: nstr,
  stoppedOn: nstr,
  stopReason: nstr,
  version: z.number(),
});
export const problemListSchema = z.object({ diagnoses: z.array(diagnosisSchema), psychMedications: z.array(psychMedicationSchema) });

export const placementSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  episodeId: z.string(),
  ratings: z.record(z.string(), z.number()),
  notes: z.record(z.string(), z.string()),
  medicationForOud: nstr,
  suggestion: z.object({ level: z.string(), reasons: z.array(z.string()), referBeyondProgram: z.array(z.string()), engine: z.string() }),
  chosenLevel: z.string(),
  overridden: z.boolean(),
  overrideReason: nstr,
  fromLevel: z.string(),
  levelChanged: z.boolean(),
  decidedAt: instant,
  decidedByName: nstr,
  signedAt: instant.nullable(),
  signedByName: nstr,
});
export const placementListSchema = z.object({ items: z.array(placementSchema) });

const waitingOn = { patientId: z.string(), patientName: z.string(), mrn: z.string(), id: z.string(), since: instant, byName: nstr };
export const prescriberWorkSchema = z.object({
  diagnosesToSign: z.array(z.object({ ...waitingOn, icd10Code: z.string(), description: z.string() })),
  placementsToSign: z.array(z.object({ ...waitingOn, chosenLevel: z.string(), suggestedLevel: z.string(), overrideReason: nstr })),
});
