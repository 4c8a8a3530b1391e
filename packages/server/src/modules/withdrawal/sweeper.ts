import type { Db } from '../../db/schema';
import { isOverdue, nextCheckDue } from '@waypoint/clinical/withdrawal/schedule';
import { addEvent } from '../../platform/timeline';
import type { RequestContext } from '../../platform/context';
import { escalateAlert, raiseAlert } from '../alerts/service';
import { overdueKey } from './flowsheet';
import { courseProtocol, parseProtocol } from './protocol-config';

/**
 * Runs every minute: raises an alert for each overdue check (once, until the check is done) and
 * escalates alerts nobody acknowledged in time to the prescriber. Idempotent, so a missed or
 * repeated run does no harm.
 */
export async function sweepWithdrawal(db: Db, now: Date): Promise<{ overdueRaised: number; escalated: number }> {
  // One organization at a time, each in its own transaction: tenants never share a sweep's locks,
  // and a distributed deployment sweeps shard by shard (docs/distribution.md).
  const organizations = await db.selectFrom('organizations').select('id').execute();
  const total = { overdueRaised: 0, escalated: 0 };
  for (const org of organizations) {
    const r = await sweepOrganization(db, org.id, now);
    total.overdueRaised += r.overdueRaised;
    total.escalated += r.escalated;
  }
  return total;
}

async function sweepOrganization(db: Db, organizationId: string, now: Date): Promise<{ overdueRaised: number; escalated: number }> {
  let overdueRaised = 0;
  let escalated = 0;
  await db.transaction().execute(async (tx) => {
    const courses = await tx
      .selectFrom('wm_courses as c')
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('wm_observations as o')
            .select(['o.observed_at', 'o.cows_total'])
            .whereRef('o.course_id', '=', 'c.id')
            .orderBy('o.observed_at', 'desc')
            .limit(1)
            .as('last'),
        (join) => join.onTrue(),
      )
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('wm_observations as s')
            .select(['s.cows_total as last_cows'])
            .whereRef('s.course_id', '=', 'c.id')
            .where('s.cows_total', 'is not', null)
            .orderBy('s.observed_at', 'desc')
            .limit(1)
            .as('scored'),
        (join) => join.onTrue(),
      )
      .innerJoin('facilities as f', 'f.id', 'c.facility_id')
      .select([
        'c.id',
        'c.organization_id',
        'c.patient_id',
        'c.episode_id',
        'c.started_at',
        'c.protocol',
        'last.observed_at',
        'scored.last_cows',
        'f.time_zone',
      ])
      .where('c.organization_id', '=', organizationId)
      .where('c.status', '=', 'active')
      .execute();
    for (const c of courses) {
      const protocol = courseProtocol(c);
      const next = nextCheckDue({
        schedule: protocol.schedule,
        startedAt: c.started_at,
        lastObservedAt: c.observed_at ?? undefined,
        lastCows: c.last_cows ?? undefined,
      });
      if (!isOverdue(next, protocol.schedule, now)) continue;
      const minutes = Math.round((now.getTime() - next.dueAt.getTime()) / 60_000);
      const r = await raiseAlert(
        tx,
        { organizationId: c.organization_id, userId: '', now },
        {
          patientId: c.patient_id,
          episodeId: c.episode_id,
          kind: 'check-overdue',
          severity: 'warning',
          message: `Withdrawal check overdue: due at ${new Intl.DateTimeFormat('en-US', { timeZone: c.time_zone, hour: 'numeric', minute: '2-digit' }).format(next.dueAt)} (${minutes} min late)`,
          dedupeKey: overdueKey(c.id),
          audience: ['nurse'],
        },
      );
      if (r.created) overdueRaised++;
    }
    const stale = await tx
      .selectFrom('alerts as a')
      .leftJoin('wm_courses as c', (j) =>
        j.onRef('c.organization_id', '=', 'a.organization_id').onRef('c.episode_id', '=', 'a.episode_id').on('c.status', '=', 'active'),
      )
      .select(['a.id', 'a.organization_id', 'a.patient_id', 'a.episode_id', 'a.message', 'a.raised_at', 'a.severity', 'a.audience', 'c.protocol'])
      .where('a.organization_id', '=', organizationId)
      .where('a.acknowledged_at', 'is', null)
      .where('a.resolved_at', 'is', null)
      .where('a.escalated_at', 'is', null)
      .where('a.patient_id', 'is not', null) // a facility's alert (a count discrepancy) is not a patient's to escalate
      .where('a.raised_at', '<', new Date(now.getTime() - 5 * 60_000))
      .execute();
    for (const a of stale) {
      const after = (a.protocol ? parseProtocol(a.protocol) : null)?.alerts.escalateAfterMinutes ?? 30;
      if (now.getTime() - a.raised_at.getTime() < after * 60_000) continue;
      await escalateAlert(tx, a.organization_id, a.id, [...new Set([...a.audience, 'prescriber' as const])], now);
      await addEvent(tx, { organizationId: a.organization_id, userId: '', now } as RequestContext, {
        patientId: a.patient_id!,
        episodeId: a.episode_id,
        kind: 'alert.escalated',
        summary: `Alert escalated to the prescriber, unacknowledged for ${after} min: ${a.message}`,
      });
      escalated++;
    }
  });
  return { overdueRaised, escalated };
}
