import { z } from 'zod';

// The medication stage's response shapes: the routes declare them, the web app derives its types from them.

export const findingSchema = z.object({
  ruleId: z.string(),
  severity: z.enum(['hard-stop', 'warning']),
  message: z.string(),
  overrideBy: z.array(z.string()),
  source: z.string(),
  overridden: z.boolean().optional(),
  overriddenBy: z.string().nullable().optional(),
  overrideReason: z.string().nullable().optional(),
});

export const orderSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  facilityId: z.string(),
  episodeId: z.string().nullable(),
  medication: z.string(),
  name: z.string(),
  form: z.string(),
  route: z.string(),
  doseMg: z.number(),
  firstDayDosesMg: z.array(z.number()).nullable(),
  splitDosesMg: z.array(z.number()).nullable(),
  frequency: z.string(),
  scheduleTimes: z.array(z.string()),
  prnMinHours: z.number().nullable(),
  prnMaxDailyMg: z.number().nullable(),
  holdParameters: z.unknown(),
  titration: z.array(z.object({ day: z.string(), doseMg: z.number() })),
  startDay: z.string(),
  endDay: z.string().nullable(),
  status: z.enum(['pending_cosign', 'active', 'held', 'stopped']),
  statusReason: z.string().nullable(),
  entry: z.string(),
  orderedBy: z.string(),
  enteredBy: z.string(),
  signedBy: z.string().nullable(),
  signedAt: z.string().nullable(),
  ruleSet: z.string(),
  findings: z.array(findingSchema),
  instructions: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
});

export const orderDetailSchema = orderSchema.extend({
  versions: z.array(
    z.object({
      version: z.number(),
      change: z.string(),
      reason: z.string().nullable(),
      changedBy: z.string(),
      changedAt: z.string(),
      findings: z.array(findingSchema),
      snapshot: z.unknown(),
    }),
  ),
});

/** A visiting patient of another program dosed here: whose patient, who vouched for the dose, for which days. */
export const guestVisitSchema = z.object({
  homeProgram: z.string(),
  contact: z.string(),
  verifiedWith: z.string(),
  verifiedBy: z.string(),
  verifiedByName: z.string().nullable(),
  doseMg: z.number(),
  lastDoseDay: z.string(),
  visitFrom: z.string(),
  visitTo: z.string(),
});

export const doseSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  orderId: z.string().nullable(),
  kind: z.string(),
  dosingDay: z.string(),
  medication: z.string(),
  form: z.string(),
  doseMg: z.number().nullable(),
  volumeMl: z.number().nullable(),
  units: z.number().nullable(),
  containerId: z.string().nullable(),
  observed: z.boolean(),
  reason: z.string().nullable(),
  givenBy: z.string(),
  givenAt: z.string(),
  guest: guestVisitSchema.nullable().optional(),
  balanceAfter: z.number().nullable().optional(),
});

export const medicationListSchema = z.object({
  orders: z.array(orderSchema),
  recentDoses: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      dosingDay: z.string(),
      medication: z.string(),
      form: z.string(),
      doseMg: z.number().nullable(),
      volumeMl: z.number().nullable(),
      givenAt: z.string(),
      reason: z.string().nullable(),
      outsideSource: z.string().nullable(),
      guestProgram: z.string().nullable(),
      observed: z.boolean(),
      givenBy: z.string().nullable(),
    }),
  ),
});

export const stopSchema = z.object({ rule: z.string(), severity: z.enum(['stop', 'caution']), message: z.string(), overrideBy: z.array(z.string()) });

export const searchHitSchema = z.object({
  id: z.string(),
  mrn: z.string(),
  name: z.string(),
  birthDate: z.string(),
  hasPhoto: z.boolean(),
  medication: z.string().nullable(),
  doseMg: z.number().nullable(),
  orderStatus: z.string().nullable(),
});
export const searchHitsSchema = z.object({ items: z.array(searchHitSchema) });

/** An open stock container a dose can be poured from. */
export const pourableSchema = z.object({
  id: z.string(),
  label: z.string(),
  medication: z.string(),
  form: z.string(),
  unit: z.string(),
  strengthMg: z.number(),
  balance: z.number(),
  volumeForDue: z.number().nullable(),
});

export const doseScreenSchema = z.object({
  patient: z.object({
    id: z.string(),
    mrn: z.string(),
    name: z.string(),
    preferredName: z.string().nullable(),
    birthDate: z.string(),
    photo: z.string().nullable(),
  }),
  facility: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
  dosingDay: z.string(),
  order: orderSchema.nullable(),
  dueMg: z.number().nullable(),
  firstMethadoneDay: z.boolean(),
  missedInARow: z.number(),
  stops: z.array(stopSchema),
  dosesToday: z.array(doseSchema),
  /** The open containers of the order's medication; with no order (a guest), of every window medication. */
  containers: z.array(pourableSchema),
});

export const marSlotSchema = z.object({
  scheduledFor: z.string(),
  time: z.string(),
  status: z.enum(['due', 'overdue', 'given', 'held', 'refused', 'upcoming']),
  doseId: z.string().nullable(),
});
export const holdParametersSchema = z.object({
  systolicBelow: z.number().optional(),
  diastolicBelow: z.number().optional(),
  heartRateBelow: z.number().optional(),
  vitalsMaxAgeMinutes: z.number(),
});
export const marOrderSchema = z.object({
  id: z.string(),
  name: z.string(),
  medication: z.string(),
  doseMg: z.number(),
  form: z.string(),
  frequency: z.string(),
  status: z.string(),
  holdParameters: holdParametersSchema.nullable(),
  prnMinHours: z.number().nullable(),
  prnMaxDailyMg: z.number().nullable(),
  lastGivenAt: z.string().nullable(),
  slots: z.array(marSlotSchema),
  /** A controlled medication is given from a stock container: these are the open ones, the one in use first. */
  controlled: z.boolean(),
  /** A daily methadone or buprenorphine order: dosed at the dosing window, not from the MAR (no containers). */
  atWindow: z.boolean(),
  containers: z.array(pourableSchema),
});
export const marRowSchema = z.object({
  patientId: z.string(),
  name: z.string(),
  mrn: z.string(),
  bed: z.string().nullable(),
  orders: z.array(marOrderSchema),
});
export const marSchema = z.object({
  facility: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
  day: z.string(),
  patients: z.array(marRowSchema),
});

export const containerSchema = z.object({
  id: z.string(),
  facilityId: z.string(),
  medication: z.string(),
  form: z.string(),
  label: z.string(),
  lot: z.string().nullable(),
  unit: z.string(),
  strengthMg: z.number(),
  balance: z.number(),
  balanceMg: z.number(),
  status: z.string(),
  version: z.number(),
});
export const ledgerEntrySchema = z.object({
  id: z.string(),
  kind: z.string(),
  quantity: z.number(),
  mg: z.number(),
  balanceAfter: z.number(),
  doseId: z.string().nullable(),
  supplier: z.string().nullable(),
  orderFormNumber: z.string().nullable(),
  /** The other container of a transfer (where it went, or where it came from). */
  counterpartContainerId: z.string().nullable(),
  counterpartLabel: z.string().nullable(),
  reason: z.string().nullable(),
  recordedBy: z.string(),
  secondSigner: z.string().nullable(),
  occurredAt: z.string(),
});
export const ledgerSchema = z.object({ container: containerSchema, items: z.array(ledgerEntrySchema) });
export const transferSchema = z.object({ out: ledgerEntrySchema, in: ledgerEntrySchema });

export const discrepancySchema = z.object({
  id: z.string(),
  containerId: z.string(),
  countDay: z.string(),
  counted: z.number(),
  ledgerBalance: z.number(),
  discrepancy: z.number(),
  note: z.string().nullable(),
});
export const stockViewSchema = z.object({
  items: z.array(containerSchema),
  openDiscrepancies: z.array(discrepancySchema),
  pendingWaste: z.array(
    z.object({
      id: z.string(),
      containerId: z.string(),
      kind: z.string(),
      quantity: z.number(),
      reason: z.string(),
      requestedBy: z.string(),
      requestedAt: z.string(),
    }),
  ),
});
export const countSchema = z.object({
  id: z.string(),
  countDay: z.string(),
  counted: z.number(),
  ledgerBalance: z.number(),
  discrepancy: z.number(),
  flagged: z.boolean(),
  /** The alert raised to the director (prescriber, administrator) when the count differs. */
  alertId: z.string().nullable(),
});
export const countReviewSchema = z.object({ id: z.string(), reviewedAt: z.string() });
export const wasteRequestSchema = z.object({ id: z.string(), status: z.literal('awaiting-second-signer') });

export const dispensingLogSchema = z.object({
  facility: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
  from: z.string(),
  to: z.string(),
  items: z.array(
    z.object({
      doseId: z.string(),
      date: z.string(),
      givenAt: z.string(),
      substance: z.string(),
      strength: z.string(),
      dosageForm: z.string(),
      patientIdentifier: z.string(),
      amountOnSiteMg: z.number().nullable(),
      amountTakenHomeMg: z.number().nullable(),
      takeHomeForm: z.string().nullable(),
      quantity: z.number().nullable(),
      unit: z.string().nullable(),
      initials: z.string(),
      container: z.string().nullable(),
    }),
  ),
});

export const worklistSchema = z.object({
  toCosign: z.array(orderSchema.extend({ patientName: z.string(), mrn: z.string() })),
  discrepancies: z.array(
    z.object({ id: z.string(), containerId: z.string(), label: z.string(), countDay: z.string(), discrepancy: z.number(), facilityId: z.string() }),
  ),
});
export const reviewSchema = z.object({ id: z.string(), orderId: z.string(), reviewedAt: z.string() });

export const eligibilitySchema = z.object({
  medication: z.string(),
  treatmentDay: z.number(),
  ruleSet: z.string(),
  ruleSource: z.string(),
  scheduleMaxDays: z.number().nullable(),
  programMaxDays: z.number().nullable(),
  allowedDays: z.number().nullable(),
  nextStep: z.object({ fromDay: z.number(), maxDays: z.number() }).nullable(),
  criteria: z.array(z.string()),
});
export const bottleSchema = z.object({
  doseId: z.string(),
  day: z.string(),
  doseMg: z.number(),
  volumeMl: z.number().nullable(),
  units: z.number().nullable(),
  label: z.object({
    patient: z.string(),
    mrn: z.string(),
    medication: z.string(),
    dose: z.string(),
    date: z.string(),
    program: z.string(),
    instructions: z.string(),
  }),
});
export const planSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  ruleSet: z.string(),
  treatmentDay: z.number(),
  days: z.array(z.string()),
  closureDays: z.array(z.string()),
  criteria: z.array(z.string()),
  allowedDays: z.number().nullable(),
  findings: z.array(findingSchema),
  rationale: z.string(),
  decidedBy: z.string(),
  decidedAt: z.string(),
});
export const bottleCheckSchema = z.object({
  id: z.string(),
  kind: z.string(),
  outcome: z.string(),
  note: z.string().nullable(),
  doseId: z.string().nullable(),
  recordedAt: z.string(),
});
export const takeHomesSchema = z.object({ eligibility: eligibilitySchema, plans: z.array(planSchema), checks: z.array(bottleCheckSchema) });
export const bottlesSchema = z.object({ bottles: z.array(bottleSchema) });
export const labelsSchema = z.object({ plan: planSchema, bottles: z.array(bottleSchema) });
export const bottleCheckResultSchema = bottleCheckSchema.pick({ id: true, kind: true, outcome: true, recordedAt: true });

export const settingsSchema = z.object({
  facilityId: z.string(),
  jurisdiction: z.enum(['federal', 'virginia']),
  missedDoseLimit: z.number(),
  takeHomeProgramMax: z.number().nullable(),
  version: z.number(),
});
