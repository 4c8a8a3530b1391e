import { sql } from 'kysely';
import type { Db, Tx } from '../../db/schema';
import { localDay } from '../../platform/time';
import { raiseAlert } from './deps';

/** Program defaults: alert 7 days before a prior authorization ends, or when 2 or fewer units/days remain. */
export const defaultAuthWarning = { days: 7, remaining: 2 };

export interface AuthWarning {
  days: number;
  remaining: number;
}

export interface AuthorizationState {
  endDate: string;
  approved: number;
  used: number;
  unit: string;
}

export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Days from one calendar day to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Why an active prior authorization needs the coordinator, if it does: it ends within `days` (or has
 * ended), and/or `remaining` or fewer of its units or days are left. One cause, one alert.
 */
export function authorizationCauses(a: AuthorizationState, today: string, w: AuthWarning) {
  const daysLeft = daysBetween(today, a.endDate);
  const remaining = a.approved - a.used;
  const causes: { kind: 'expiring' | 'running-out'; message: string }[] = [];
  if (daysLeft < 0) causes.push({ kind: 'expiring', message: `expired on ${a.endDate}` });
  else if (daysLeft <= w.days)
    causes.push({
      kind: 'expiring',
      message: daysLeft === 0 ? `ends today (${a.endDate})` : `ends on ${a.endDate} (${daysLeft} day${daysLeft === 1 ? '' : 's'} left)`,
    });
  if (remaining <= w.remaining) causes.push({ kind: 'running-out', message: `${remaining} of ${a.approved} ${a.unit} left` });
  return { daysLeft, remaining, causes };
}

export function authorizationAlertKeys(authorizationId: string) {
  return { expiring: `adm-auth-expiring:${authorizationId}`, 'running-out': `adm-auth-running-out:${authorizationId}` } as const;
}

export async function authWarning(tx: Tx | Db, organizationId: string): Promise<AuthWarning> {
  const s = await tx
    .selectFrom('adm_settings')
    .select(['auth_warn_days', 'auth_warn_remaining'])
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  return s ? { days: s.auth_warn_days, remaining: s.auth_warn_remaining } : defaultAuthWarning;
}

/**
 * The background job (hourly): one alert per cause per active authorization, addressed to the
 * admissions coordinators. Idempotent: an unresolved alert with the same key is not raised again.
 */
export async function sweepAuthorizations(db: Db, now: Date): Promise<{ raised: number }> {
  let raised = 0;
  await db.transaction().execute(async (tx) => {
    const rows = await tx
      .selectFrom('adm_authorizations as a')
      .innerJoin('adm_coverages as c', 'c.id', 'a.coverage_id')
      .innerJoin('patients as p', 'p.id', 'a.patient_id')
      .innerJoin('facilities as f', 'f.id', 'p.facility_id')
      .leftJoin('adm_settings as s', 's.organization_id', 'a.organization_id')
      .select([
        'a.id',
        'a.organization_id',
        'a.patient_id',
        'a.auth_number',
        'a.level_of_care',
        'a.end_date',
        'a.approved',
        'a.used',
        'a.unit',
        'c.payer',
        'f.time_zone',
        's.auth_warn_days',
        's.auth_warn_remaining',
      ])
      .where('a.status', '=', 'active')
      .where((eb) =>
        eb.or([
          eb('a.end_date', '<=', sql<string>`${addDays(localDay(now, 'UTC'), 1)}::date + coalesce(s.auth_warn_days, ${defaultAuthWarning.days}::int)`),
          eb('a.remaining', '<=', sql<number>`coalesce(s.auth_warn_remaining, ${defaultAuthWarning.remaining}::int)`),
        ]),
      )
      .execute();
    for (const a of rows) {
      const w = { days: a.auth_warn_days ?? defaultAuthWarning.days, remaining: a.auth_warn_remaining ?? defaultAuthWarning.remaining };
      const { causes } = authorizationCauses({ endDate: a.end_date, approved: a.approved, used: a.used, unit: a.unit }, localDay(now, a.time_zone), w);
      const keys = authorizationAlertKeys(a.id);
      for (const cause of causes) {
        const r = await raiseAlert(
          tx,
          { organizationId: a.organization_id, userId: '', now },
          {
            patientId: a.patient_id,
            episodeId: null,
            kind: `authorization-${cause.kind}`,
            severity: 'warning',
            message: `Prior authorization ${a.auth_number}${a.payer ? ` (${a.payer})` : ''} for ${a.level_of_care.replace(/_/g, ' ')} ${cause.message}`,
            dedupeKey: keys[cause.kind],
            audience: ['admissions_coordinator'],
          },
        );
        if (r.created) raised++;
      }
    }
  });
  return { raised };
}
