import { z } from 'zod';
import { defaultObservationSchedule } from '@waypoint/clinical/withdrawal/schedule';
import { defaultVitalLimits } from '@waypoint/clinical/withdrawal/vitals';
import { isLofexidine, lofexidineProtocolProblems } from '@waypoint/clinical/medications/lofexidine';

const range = z.tuple([z.number(), z.number()]).refine(([lo, hi]) => lo < hi, 'low limit below high limit');

const hold = z
  .object({
    systolicBelow: z.number().int().min(40).max(200).optional(),
    diastolicBelow: z.number().int().min(20).max(150).optional(),
    heartRateBelow: z.number().int().min(20).max(150).optional(),
    vitalsMaxAgeMinutes: z.number().int().min(5).max(720).default(60),
  })
  .strict();

export const protocolMedication = z
  .object({
    key: z.string().regex(/^[a-z0-9-]{2,40}$/, 'lower-case letters, digits and dashes'),
    name: z.string().trim().min(1).max(100),
    kind: z.enum(['standing', 'prn']),
    doseMg: z.number().positive().max(1000),
    route: z.enum(['oral', 'sublingual', 'buccal', 'intramuscular', 'subcutaneous', 'transdermal']),
    frequency: z.string().trim().min(1).max(100),
    indication: z.string().trim().max(200).optional(),
    maxDailyMg: z.number().positive().max(5000).optional(),
    hold: hold.optional(),
    reassessAfterMinutes: z.number().int().min(15).max(480).default(60),
    /** The induction medication: its first dose is checked against the readiness rules. */
    induction: z.boolean().default(false),
  })
  .strict();

export const protocolConfig = z
  .object({
    instruments: z
      .array(z.enum(['cows', 'sows', 'sows-gossop']))
      .min(1)
      .refine((a) => a.includes('cows'), 'COWS is always part of the flowsheet'),
    schedule: z
      .object({
        intensiveEveryMinutes: z.number().int().min(15).max(480),
        intensiveFromCows: z.number().int().min(0).max(48),
        peakWindowHours: z.number().int().min(0).max(240),
        peakEveryMinutes: z.number().int().min(15).max(720),
        routineEveryMinutes: z.number().int().min(15).max(1440),
        graceMinutes: z.number().int().min(0).max(120),
      })
      .strict(),
    vitalLimits: z
      .object({ systolic: range, diastolic: range, heartRate: range, respiratoryRate: range, temperatureC: range, spo2Min: z.number().min(70).max(100) })
      .strict(),
    alerts: z
      .object({
        /** COWS at or above this raises a critical alert (25 = moderately severe, clinical.md §1.1). */
        severeCowsFrom: z.number().int().min(1).max(48),
        /** A rise of this many points from the previous COWS raises a warning. */
        risingBy: z.number().int().min(1).max(48),
        /** Unacknowledged alerts escalate to the prescriber after this long. */
        escalateAfterMinutes: z.number().int().min(5).max(240),
      })
      .strict(),
    /** Buprenorphine first-dose readiness (clinical.md §5.2: local protocol, configurable). */
    induction: z
      .object({
        minCows: z.number().int().min(0).max(48),
        minHoursShortActing: z.number().min(0).max(96),
        minHoursLongActing: z.number().min(0).max(168),
        cowsMaxAgeMinutes: z.number().int().min(5).max(240),
      })
      .strict()
      .nullable(),
    expectedDays: z.object({ min: z.number().int().min(1).max(60), max: z.number().int().min(1).max(90) }).strict(),
    /** Withdrawal settled: every COWS below this for this many hours (default below 5 for 24 h). */
    completion: z
      .object({ settledBelowCows: z.number().int().min(1).max(48), settledHours: z.number().int().min(1).max(168) })
      .strict()
      .default({ settledBelowCows: 5, settledHours: 24 }),
    medications: z.array(protocolMedication).max(30),
  })
  .strict()
  // Label limits live in @waypoint/clinical (one source): a protocol may be stricter, never looser.
  .superRefine((config, ctx) => {
    config.medications.forEach((m, i) => {
      if (!isLofexidine(m)) return;
      for (const p of lofexidineProtocolProblems(m))
        ctx.addIssue({ code: 'custom', path: ['medications', i, p.field], message: p.message, params: { rule: p.rule } });
    });
  });
export type ProtocolConfig = z.infer<typeof protocolConfig>;

const parsedCourseProtocols = new Map<string, Readonly<ProtocolConfig>>();

/** A protocol as stored (JSONB): parsed, never cast, when read. */
export const parseProtocol = (stored: unknown): ProtocolConfig => protocolConfig.parse(stored);

/**
 * A course's protocol: the snapshot taken when the course started, never updated afterwards, so its
 * parse is kept by course id (bounded): the unit board no longer runs 40 zod parses per request.
 */
export function courseProtocol(course: { id: string; protocol: unknown }): Readonly<ProtocolConfig> {
  let parsed = parsedCourseProtocols.get(course.id);
  if (!parsed) {
    parsed = Object.freeze(parseProtocol(course.protocol));
    if (parsedCourseProtocols.size >= 5000) parsedCourseProtocols.clear();
    parsedCourseProtocols.set(course.id, parsed);
  }
  return parsed;
}

/** A course's protocol if this process has parsed it already (the board then need not read it). */
export function knownCourseProtocol(courseId: string): Readonly<ProtocolConfig> | undefined {
  return parsedCourseProtocols.get(courseId);
}

export const protocolKinds = ['buprenorphine_induction', 'methadone_stabilization', 'symptom_triggered', 'taper'] as const;

const common = {
  schedule: { ...defaultObservationSchedule },
  vitalLimits: {
    systolic: defaultVitalLimits.systolic,
    diastolic: defaultVitalLimits.diastolic,
    heartRate: defaultVitalLimits.heartRate,
    respiratoryRate: defaultVitalLimits.respiratoryRate,
    temperatureC: defaultVitalLimits.temperatureC,
    spo2Min: defaultVitalLimits.spo2Min,
  },
  alerts: { severeCowsFrom: 25, risingBy: 5, escalateAfterMinutes: 30 },
  expectedDays: { min: 5, max: 14 },
  completion: { settledBelowCows: 5, settledHours: 24 },
};

// Comfort medications common to the templates (clinical.md §5.4). Hold parameters are local
// protocol defaults, UNVERIFIED as a national standard: a program edits them.
const clonidine = {
  key: 'clonidine',
  name: 'Clonidine 0.1 mg',
  kind: 'prn' as const,
  doseMg: 0.1,
  route: 'oral' as const,
  frequency: 'every 4–6 h as needed',
  indication: 'autonomic withdrawal symptoms',
  maxDailyMg: 0.8,
  hold: { systolicBelow: 90, heartRateBelow: 60, vitalsMaxAgeMinutes: 60 },
  reassessAfterMinutes: 60,
  induction: false,
};
const adjuncts = [
  {
    key: 'ondansetron',
    name: 'Ondansetron 4 mg',
    kind: 'prn' as const,
    doseMg: 4,
    route: 'oral' as const,
    frequency: 'every 8 h as needed',
    indication: 'nausea',
    maxDailyMg: 24,
    reassessAfterMinutes: 60,
    induction: false,
  },
  {
    key: 'loperamide',
    name: 'Loperamide 2 mg',
    kind: 'prn' as const,
    doseMg: 2,
    route: 'oral' as const,
    frequency: 'after each loose stool',
    indication: 'diarrhoea',
    maxDailyMg: 16,
    reassessAfterMinutes: 120,
    induction: false,
  },
  {
    key: 'ibuprofen',
    name: 'Ibuprofen 400 mg',
    kind: 'prn' as const,
    doseMg: 400,
    route: 'oral' as const,
    frequency: 'every 6 h as needed',
    indication: 'aches',
    maxDailyMg: 2400,
    reassessAfterMinutes: 60,
    induction: false,
  },
];

/** The four starting templates every program gets; each is edited to local practice. */
export function defaultProtocols(): { name: string; kind: (typeof protocolKinds)[number]; config: ProtocolConfig }[] {
  return [
    {
      name: 'Buprenorphine induction',
      kind: 'buprenorphine_induction',
      config: protocolConfig.parse({
        ...common,
        instruments: ['cows'],
        induction: { minCows: 8, minHoursShortActing: 12, minHoursLongActing: 24, cowsMaxAgeMinutes: 60 },
        medications: [
          {
            key: 'buprenorphine-sl',
            name: 'Buprenorphine/naloxone 4/1 mg SL',
            kind: 'standing',
            doseMg: 4,
            route: 'sublingual',
            frequency: 'first dose when ready; repeat every 1–2 h as needed',
            maxDailyMg: 8,
            reassessAfterMinutes: 60,
            induction: true,
          },
          clonidine,
          ...adjuncts,
        ],
      }),
    },
    {
      name: 'Methadone stabilization',
      kind: 'methadone_stabilization',
      config: protocolConfig.parse({
        ...common,
        instruments: ['cows'],
        induction: null,
        medications: [
          {
            key: 'methadone',
            name: 'Methadone oral solution',
            kind: 'standing',
            doseMg: 20,
            route: 'oral',
            frequency: 'daily; day-1 total per the medication rules',
            maxDailyMg: 50,
            reassessAfterMinutes: 180,
            induction: false,
          },
          ...adjuncts,
        ],
      }),
    },
    {
      name: 'Symptom-triggered comfort medication',
      kind: 'symptom_triggered',
      config: protocolConfig.parse({
        ...common,
        instruments: ['cows', 'sows'],
        induction: null,
        medications: [
          clonidine,
          {
            key: 'lofexidine',
            name: 'Lofexidine 0.54 mg (3 × 0.18 mg)',
            kind: 'prn',
            doseMg: 0.54,
            route: 'oral',
            frequency: 'four times a day, 5–6 h apart',
            maxDailyMg: 2.88,
            hold: { systolicBelow: 90, heartRateBelow: 55, vitalsMaxAgeMinutes: 60 },
            reassessAfterMinutes: 60,
            induction: false,
          },
          ...adjuncts,
        ],
      }),
    },
    {
      name: 'Buprenorphine taper',
      kind: 'taper',
      config: protocolConfig.parse({
        ...common,
        instruments: ['cows', 'sows-gossop'],
        induction: null,
        expectedDays: { min: 7, max: 14 },
        medications: [
          {
            key: 'buprenorphine-taper',
            name: 'Buprenorphine SL (taper dose)',
            kind: 'standing',
            doseMg: 2,
            route: 'sublingual',
            frequency: 'daily per taper schedule',
            maxDailyMg: 16,
            reassessAfterMinutes: 120,
            induction: false,
          },
          clonidine,
          ...adjuncts,
        ],
      }),
    },
  ];
}
