import { z } from 'zod';
import type { Selectable } from 'kysely';
import type { MedOrdersTable } from '../../db/schema';
import { num } from './common';

export type OrderRow = Selectable<MedOrdersTable>;

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
export type OrderOut = z.infer<typeof orderSchema>;

export function presentOrder(r: OrderRow): OrderOut {
  return {
    id: r.id,
    patientId: r.patient_id,
    facilityId: r.facility_id,
    episodeId: r.episode_id,
    medication: r.medication,
    name: r.name,
    form: r.form,
    route: r.route,
    doseMg: Number(r.dose_mg),
    firstDayDosesMg: r.first_day_doses_mg?.map(Number) ?? null,
    splitDosesMg: r.split_doses_mg?.map(Number) ?? null,
    frequency: r.frequency,
    scheduleTimes: r.schedule_times,
    prnMinHours: num(r.prn_min_hours),
    prnMaxDailyMg: num(r.prn_max_daily_mg),
    holdParameters: r.hold_parameters,
    titration: (r.titration as { day: string; doseMg: number }[]) ?? [],
    startDay: r.start_day,
    endDay: r.end_day,
    status: r.status,
    statusReason: r.status_reason,
    entry: r.entry,
    orderedBy: r.ordered_by,
    enteredBy: r.entered_by,
    signedBy: r.signed_by,
    signedAt: r.signed_at ? new Date(r.signed_at).toISOString() : null,
    ruleSet: r.rule_set,
    findings: (r.findings as OrderOut['findings']) ?? [],
    instructions: r.instructions,
    version: r.version,
    createdAt: new Date(r.created_at).toISOString(),
  };
}
