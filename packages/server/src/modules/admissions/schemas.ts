import { z } from 'zod';
import { levelsOfCare } from '@waypoint/clinical/care/levels';
import { duplicateCandidates } from '../patients/schemas';

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

// What the admissions routes answer (the web's types are z.infer of these).
const nstr = z.string().nullable();

export const prescreenSchema = z.object({
  id: z.string(),
  inquiryId: z.string(),
  substances: z.array(z.object({ substance: z.string(), route: z.string(), frequency: z.string().optional() })),
  lastUseAt: nstr,
  lastUseKind: z.string(),
  overdoseCount: z.number(),
  lastOverdoseOn: nstr,
  withdrawalHistory: z.object({ severe: z.boolean(), seizures: z.boolean(), delirium: z.boolean(), notes: z.string().optional() }),
  pregnancy: z.string(),
  coOccurring: nstr,
  currentMoud: z.string(),
  currentMoudDetail: nstr,
  urgency: z.string(),
  recommendedLevel: nstr,
  notes: nstr,
  recordedBy: z.string(),
  recordedAt: z.string(),
  version: z.number(),
});

export const inquirySummarySchema = z.object({
  id: z.string(),
  facilityId: z.string(),
  levelOfCare: nstr,
  receivedAt: z.string(),
  channel: z.string(),
  callerName: z.string(),
  callerRelation: z.string(),
  callbackPhone: nstr,
  contactConsent: z.boolean(),
  referralSource: z.string(),
  referralOrganization: nstr,
  referralContact: nstr,
  givenName: z.string(),
  familyName: z.string(),
  birthDate: nstr,
  sexAtBirth: nstr,
  phone: nstr,
  email: nstr,
  reason: nstr,
  status: z.enum(inquiryStatuses),
  nextAction: nstr,
  nextActionDue: nstr,
  closedReason: nstr,
  patientId: nstr,
  version: z.number(),
  createdAt: z.string(),
});

export const inquirySchema = inquirySummarySchema.extend({
  prescreen: prescreenSchema.nullable(),
  scheduled: z.array(z.lazy(() => scheduledSchema)),
});

export const scheduledSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  patientName: z.string().optional(),
  mrn: z.string().optional(),
  inquiryId: nstr,
  facilityId: z.string(),
  levelOfCare: z.string(),
  scheduledOn: z.string(),
  status: z.enum(['scheduled', 'admitted', 'cancelled']),
  episodeId: nstr,
  admittedAt: nstr,
  cancelledReason: nstr,
  version: z.number(),
});

export const verificationSchema = z.object({
  id: z.string(),
  coverageId: z.string(),
  verifiedAt: z.string(),
  verifiedBy: z.string(),
  verifiedByName: z.string(),
  method: z.string(),
  referenceNumber: z.string(),
  result: z.string(),
  contactName: nstr,
  benefitsNotes: nstr,
});

export const authorizationSchema = z.object({
  id: z.string(),
  coverageId: z.string(),
  patientId: z.string(),
  levelOfCare: z.string(),
  authNumber: z.string(),
  unit: z.string(),
  approved: z.number(),
  used: z.number(),
  remaining: z.number(),
  startDate: z.string(),
  endDate: z.string(),
  status: z.string(),
  notes: nstr,
  version: z.number(),
});

export const coverageSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  kind: z.string(),
  priority: z.string(),
  payer: nstr,
  plan: nstr,
  memberId: nstr,
  groupId: nstr,
  subscriberName: nstr,
  subscriberRelation: nstr,
  effectiveFrom: z.string(),
  effectiveTo: nstr,
  slidingScalePercent: z.number().nullable(),
  notes: nstr,
  active: z.boolean(),
  version: z.number(),
  verified: z.boolean(),
  verifications: z.array(verificationSchema),
  authorizations: z.array(authorizationSchema),
});

export const consentSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  admissionId: nstr,
  formCode: z.string(),
  formVersion: z.number(),
  formTitle: z.string(),
  formBody: z.string(),
  signerName: z.string(),
  signerRelation: z.string(),
  signedAt: z.string(),
  witnessedBy: z.string(),
  witnessedByName: z.string(),
  amendsId: nstr,
  amendmentReason: nstr,
  amendedById: nstr,
});

export const worklistSchema = z.object({
  today: z.string(),
  authWarning: z.object({ days: z.number(), remaining: z.number() }),
  inquiries: z.object({
    more: z.boolean(),
    items: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        facilityId: z.string(),
        receivedAt: z.string(),
        status: z.string(),
        nextAction: nstr,
        nextActionDue: nstr,
        urgency: nstr,
        callbackPhone: nstr,
        contactConsent: z.boolean(),
        patientId: nstr,
      }),
    ),
  }),
  verifications: z.object({
    more: z.boolean(),
    items: z.array(
      z.object({
        coverageId: z.string(),
        patientId: z.string(),
        patientName: z.string(),
        mrn: z.string(),
        kind: z.string(),
        payer: nstr,
        memberId: nstr,
        lastResult: nstr,
        lastVerifiedAt: nstr,
      }),
    ),
  }),
  authorizations: z.object({
    more: z.boolean(),
    items: z.array(
      z.object({
        id: z.string(),
        patientId: z.string(),
        patientName: z.string(),
        mrn: z.string(),
        authNumber: z.string(),
        payer: nstr,
        levelOfCare: z.string(),
        endDate: z.string(),
        daysLeft: z.number(),
        remaining: z.number(),
        unit: z.string(),
        version: z.number(),
        reasons: z.array(z.string()),
      }),
    ),
  }),
  scheduled: z.object({
    more: z.boolean(),
    items: z.array(
      z.object({
        id: z.string(),
        patientId: z.string(),
        patientName: z.string(),
        mrn: z.string(),
        facilityId: z.string(),
        levelOfCare: z.string(),
        scheduledOn: z.string(),
        inquiryId: nstr,
      }),
    ),
  }),
});

export const availabilitySchema = z.object({
  facilityId: z.string(),
  levelOfCare: z.string(),
  needsBed: z.boolean(),
  days: z.array(z.object({ date: z.string(), capacity: z.number(), occupied: z.number(), scheduled: z.number(), free: z.number() })),
});

export const consentFormSchema = z.object({ code: z.string(), version: z.number(), title: z.string(), body: z.string(), effectiveFrom: z.string() });

export const admissionsSettingsSchema = z.object({ authWarnDays: z.number(), authWarnRemaining: z.number() });

/** Existing patients who may be the inquiry's person: the same answer as the registration's duplicate check. */
export const duplicatesSchema = duplicateCandidates;

/** Beds per bed-based level at a facility; `bedLevels` are the levels offered there that use beds (the form's rows). */
export const bedCapacitySchema = z.object({
  facilityId: z.string(),
  bedCount: z.number(),
  bedLevels: z.array(level),
  levels: z.array(z.object({ levelOfCare: level, beds: z.number() })),
});

export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
