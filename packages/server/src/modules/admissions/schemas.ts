import { z } from 'zod';
import { levelsOfCare } from '@waypoint/clinical/care/levels';

/** A calendar date (YYYY-MM-DD) that exists. */
export const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'a real calendar date');
export const instant = z.iso.datetime({ offset: true });
const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().trim().max(max).nullish();

export const idParams = z.object({ id: z.string() });
export const level = z.enum(levelsOfCare);

export const channels = ['phone', 'walk_in', 'referral', 'web', 'other'] as const;
export const callerRelations = ['self', 'family', 'friend', 'referrer', 'other'] as const;
export const referralSources = ['self', 'family', 'hospital', 'emergency_department', 'physician', 'court', 'employer', 'treatment_program', 'other'] as const;
export const inquiryStatuses = ['open', 'waitlisted', 'scheduled', 'admitted', 'closed'] as const;

export const inquiryInput = z
  .object({
    facilityId: z.uuid(),
    levelOfCare: level.nullish(),
    receivedAt: instant.optional(),
    channel: z.enum(channels).default('phone'),
    callerName: text(200),
    callerRelation: z.enum(callerRelations),
    callbackPhone: optText(40),
    contactConsent: z.boolean(),
    referralSource: z.enum(referralSources),
    referralOrganization: optText(200),
    referralContact: optText(200),
    givenName: text(100),
    familyName: text(100),
    birthDate: localDate.nullish(),
    sexAtBirth: z.enum(['female', 'male', 'intersex', 'unknown']).nullish(),
    phone: optText(40),
    email: z.string().trim().email().max(320).nullish(),
    reason: optText(2000),
    nextAction: optText(500),
    nextActionDue: localDate.nullish(),
  })
  .strict();

export const inquiryPatch = inquiryInput
  .omit({ receivedAt: true })
  .extend({
    status: z.enum(['open', 'waitlisted']),
    nextAction: optText(500),
    nextActionDue: localDate.nullish(),
  })
  .partial()
  .strict();

export const substanceUse = z
  .object({
    substance: text(100),
    route: z.enum(['smoked', 'snorted', 'injected', 'oral', 'other']),
    frequency: z.string().trim().max(100).optional(),
  })
  .strict();

export const prescreenInput = z
  .object({
    substances: z.array(substanceUse).min(1).max(20),
    lastUseAt: instant.nullish(),
    lastUseKind: z.enum(['short_acting', 'long_acting', 'unknown']).default('unknown'),
    overdoseCount: z.number().int().min(0).max(100),
    lastOverdoseOn: localDate.nullish(),
    withdrawalHistory: z.object({ severe: z.boolean(), seizures: z.boolean(), delirium: z.boolean(), notes: z.string().trim().max(1000).optional() }).strict(),
    pregnancy: z.enum(['pregnant', 'not_pregnant', 'unknown', 'not_applicable']),
    coOccurring: optText(2000),
    currentMoud: z.enum(['none', 'methadone', 'buprenorphine', 'naltrexone']),
    currentMoudDetail: optText(500),
    urgency: z.enum(['routine', 'soon', 'urgent', 'emergent']),
    recommendedLevel: level.nullish(),
    notes: optText(4000),
  })
  .strict();

export const convertInput = z
  .object({
    /** Link to this existing patient instead of registering a new one (a duplicate found). */
    existingPatientId: z.uuid().optional(),
    /** Register even though likely duplicates exist: the coordinator checked them. */
    confirmNotDuplicate: z.boolean().optional(),
    /** Anything the inquiry did not capture, needed to register. */
    birthDate: localDate.optional(),
    sexAtBirth: z.enum(['female', 'male', 'intersex', 'unknown']).optional(),
  })
  .strict();

export const scheduleInput = z
  .object({
    patientId: z.uuid(),
    inquiryId: z.uuid().optional(),
    facilityId: z.uuid(),
    levelOfCare: level,
    scheduledOn: localDate,
  })
  .strict();

export const admitInput = z.object({ bed: z.string().trim().min(1).max(20).nullish(), admittedAt: instant.optional() }).strict();

export const coverageKinds = ['insurance', 'self_pay', 'sliding_scale', 'state_funded', 'employee_assistance'] as const;
export const coverageInput = z
  .object({
    kind: z.enum(coverageKinds),
    priority: z.enum(['primary', 'secondary', 'tertiary']).default('primary'),
    payer: optText(200),
    plan: optText(200),
    memberId: optText(100),
    groupId: optText(100),
    subscriberName: optText(200),
    subscriberRelation: z.enum(['self', 'spouse', 'child', 'other']).nullish(),
    effectiveFrom: localDate,
    effectiveTo: localDate.nullish(),
    slidingScalePercent: z.number().int().min(0).max(100).nullish(),
    notes: optText(2000),
  })
  .strict();
export const coveragePatch = coverageInput.extend({ active: z.boolean() }).partial().strict();

export const verificationInput = z
  .object({
    verifiedAt: instant.optional(),
    method: z.enum(['phone', 'payer_portal', 'electronic_270_271', 'fax', 'other']),
    referenceNumber: text(100),
    result: z.enum(['active', 'inactive', 'not_found']),
    contactName: optText(200),
    benefitsNotes: optText(4000),
  })
  .strict();

export const authorizationInput = z
  .object({
    levelOfCare: level,
    authNumber: text(100),
    unit: z.enum(['days', 'units']),
    approved: z.number().int().min(1).max(10_000),
    used: z.number().int().min(0).max(10_000).default(0),
    startDate: localDate,
    endDate: localDate,
    notes: optText(2000),
  })
  .strict();
export const authorizationPatch = authorizationInput
  .omit({ levelOfCare: true })
  .extend({ status: z.enum(['active', 'closed']) })
  .partial()
  .strict();

export const consentInput = z
  .object({
    formCode: text(100),
    formVersion: z.number().int().min(1),
    signerName: text(200),
    signerRelation: z.enum(['patient', 'guardian', 'representative']).default('patient'),
    admissionId: z.uuid().nullish(),
    /** The signer read the text: a typed-name signature counts only with this. */
    attested: z.literal(true),
  })
  .strict();

export const amendmentInput = z
  .object({
    signerName: text(200),
    signerRelation: z.enum(['patient', 'guardian', 'representative']).default('patient'),
    reason: text(2000),
    attested: z.literal(true),
  })
  .strict();

export const bedCapacityInput = z
  .object({ levels: z.array(z.object({ levelOfCare: level, beds: z.number().int().min(0).max(10_000) }).strict()).max(6) })
  .strict();
