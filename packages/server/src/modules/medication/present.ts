import type { z } from 'zod';
import type { Selectable } from 'kysely';
import type { MedOrdersTable } from '../../db/schema';
import { num } from './common';
import type { orderSchema } from './schemas';

export type OrderRow = Selectable<MedOrdersTable>;

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
