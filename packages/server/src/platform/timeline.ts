import { sql, type RawBuilder } from 'kysely';
import { uuidv7 } from '../db/ids';
import type { Tx } from '../db/schema';
import type { RequestContext } from './context';

/** One line in the chart's timeline: everything that happened to the patient, in order. */
export async function addEvent(
  tx: Tx,
  ctx: RequestContext,
  e: { patientId: string; episodeId?: string | null; kind: string; summary: string; detail?: Record<string, unknown>; occurredAt?: Date },
): Promise<void> {
  await tx
    .insertInto('patient_events')
    .values({
      organization_id: ctx.organizationId,
      id: uuidv7(),
      patient_id: e.patientId,
      episode_id: e.episodeId ?? null,
      occurred_at: e.occurredAt ?? ctx.now,
      kind: e.kind,
      summary: e.summary,
      detail: JSON.stringify(e.detail ?? {}),
      actor_id: ctx.userId || null,
    })
    .execute();
}

/**
 * Timeline lines written by a statement of another stage's (e.g. one line per alert its statement
 * raises, in the same round trip): `select` yields, in order, organization_id, id (made with
 * uuidv7() in TypeScript), patient_id, episode_id, occurred_at, kind, summary, detail, actor_id.
 */
export function timelineInsert(select: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`insert into patient_events (organization_id, id, patient_id, episode_id, occurred_at, kind, summary, detail, actor_id) ${select}`;
}

/**
 * The same insert as a data-modifying CTE of a stage's own statement, for Kysely's
 * `.with('event', () => timelineWith(select))`: put in parentheses (Kysely puts only its own queries
 * in them) and typed for the builder, which accepts no raw statement there.
 */
export function timelineWith(select: RawBuilder<unknown>): never {
  return sql`(${timelineInsert(select)})` as never;
}

type TimelineEvent = Parameters<typeof addEvent>[2];

/** Many patients' lines in one statement (a group note reaches every attendee's chart at once). */
export async function addEvents(tx: Tx, ctx: RequestContext, events: TimelineEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx
    .insertInto('patient_events')
    .values(
      events.map((e) => ({
        organization_id: ctx.organizationId,
        id: uuidv7(),
        patient_id: e.patientId,
        episode_id: e.episodeId ?? null,
        occurred_at: e.occurredAt ?? ctx.now,
        kind: e.kind,
        summary: e.summary,
        detail: JSON.stringify(e.detail ?? {}),
        actor_id: ctx.userId || null,
      })),
    )
    .execute();
}
