import { sql } from 'kysely';
import { z } from 'zod';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import type { RequestContext } from '../../platform/context';
import { route } from '../../platform/http/route';
import { requirePatient } from '../../platform/permissions/access';
import { localDay, zonedInstant } from '../../platform/time';
import { addDays, loadSettings, tags, wallClock } from './common';
import { groupSharedSections, linkedObjective } from './group-notes';
import { listGroupSessions } from './groups';
import { weeklyHours } from './hours';
import { loadSessionRows, presentSessions } from './notes';
import { chartGroupNoteSchema, hoursSchema, myDaySchema, therapyNotesSchema } from './schemas';
import { planObjectivesAt } from '../planning/service';
import { displayName } from './roster';

/** The group notes on one patient's chart: current shared text, their own part, and every version. */
export async function chartGroupNotes(tx: Tx, organizationId: string, patientId: string) {
  const mine = await tx
    .selectFrom('thr_group_note_entries')
    .select(['group_note_id', 'version_no', 'status', 'participation', 'progress', 'objective_ref', 'objective_id', 'plan_version_id'])
    .where('organization_id', '=', organizationId)
    .where('patient_id', '=', patientId)
    .orderBy('version_no')
    .execute();
  const noteIds = [...new Set(mine.map((m) => m.group_note_id))];
  if (noteIds.length === 0) return [];
  const notes = await tx
    .selectFrom('thr_group_notes as n')
    .innerJoin('thr_group_sessions as s', (j) => j.onRef('s.organization_id', '=', 'n.organization_id').onRef('s.id', '=', 'n.group_session_id'))
    .innerJoin('thr_group_series as r', (j) => j.onRef('r.organization_id', '=', 's.organization_id').onRef('r.id', '=', 's.series_id'))
    .innerJoin('thr_group_types as t', (j) => j.onRef('t.organization_id', '=', 'r.organization_id').onRef('t.id', '=', 'r.group_type_id'))
    .innerJoin('users as u', (j) => j.onRef('u.organization_id', '=', 's.organization_id').onRef('u.id', '=', 's.leader_id'))
    .leftJoin('thr_group_attendance as a', (j) =>
      j.onRef('a.organization_id', '=', 's.organization_id').onRef('a.group_session_id', '=', 's.id').on('a.patient_id', '=', patientId),
    )
    .leftJoin('thr_cosignatures as c', (j) =>
      j.onRef('c.organization_id', '=', 'n.organization_id').onRef('c.note_id', '=', 'n.id').on('c.note_kind', '=', 'group'),
    )
    .leftJoin('users as cu', (j) => j.onRef('cu.organization_id', '=', 'c.organization_id').onRef('cu.id', '=', 'c.cosigned_by'))
    .select([
      'n.id',
      'n.needs_cosign',
      'c.cosigned_at',
      'cu.display_name as cosigned_by_name',
      'n.group_session_id',
      'r.title',
      't.name as type_name',
      's.starts_at',
      's.ends_at',
      'u.display_name as leader_name',
      'a.status as attendance',
    ])
    .where('n.organization_id', '=', organizationId)
    .where('n.id', 'in', noteIds)
    .orderBy('s.starts_at', 'desc')
    .execute();
  const versions = await tx
    .selectFrom('thr_group_note_versions as v')
    .innerJoin('users as u', (j) => j.onRef('u.organization_id', '=', 'v.organization_id').onRef('u.id', '=', 'v.signed_by'))
    .select(['v.group_note_id', 'v.version_no', 'v.change', 'v.reason', 'v.shared', 'v.signed_at', 'u.display_name'])
    .where('v.organization_id', '=', organizationId)
    .where('v.group_note_id', 'in', noteIds)
    .orderBy('v.version_no')
    .execute();
  const at = await planObjectivesAt(
    tx,
    organizationId,
    mine.flatMap((m) => (m.plan_version_id ? [m.plan_version_id] : [])),
  );
  return notes.map((n): z.infer<typeof chartGroupNoteSchema> => {
    const vs = versions.filter((v) => v.group_note_id === n.id);
    const entries = mine.filter((m) => m.group_note_id === n.id);
    const latest = entries[entries.length - 1];
    const includedFrom = entries[0]?.version_no ?? Infinity;
    return {
      groupSessionId: n.group_session_id,
      noteId: n.id,
      title: n.title,
      typeName: n.type_name,
      startsAt: n.starts_at.toISOString(),
      endsAt: n.ends_at.toISOString(),
      leaderName: n.leader_name,
      attendance: n.attendance ?? null,
      // Until the supervisor co-signs an intern's note, every chart it reaches says so.
      cosignStatus: !n.needs_cosign ? 'not-needed' : n.cosigned_at ? 'cosigned' : 'awaiting-cosign',
      cosign: n.cosigned_at ? { byName: n.cosigned_by_name ?? '', at: n.cosigned_at.toISOString() } : null,
      sections: groupSharedSections,
      shared: (vs[vs.length - 1]?.shared ?? {}) as Record<string, string>,
      part: latest
        ? {
            status: latest.status,
            participation: latest.participation,
            progress: latest.progress,
            objectiveRef: latest.objective_ref,
            planObjective: linkedObjective(latest.objective_id, latest.plan_version_id, at),
          }
        : null,
      history: vs.map((v) => ({
        versionNo: v.version_no,
        change: v.change,
        reason: v.reason,
        signedByName: v.display_name,
        signedAt: v.signed_at.toISOString(),
        // The shared text reaches everyone on the note; an added or removed attendee only their own chart.
        affectsPatient: entries.some((e) => e.version_no === v.version_no) || (v.change === 'shared-amended' && v.version_no > includedFrom),
      })),
    };
  });
}

async function userZone(tx: Tx, ctx: RequestContext, facilityId?: string) {
  const id = facilityId ?? ctx.facilityIds[0];
  const f = id
    ? await tx.selectFrom('facilities').select(['id', 'time_zone']).where('organization_id', '=', ctx.organizationId).where('id', '=', id).executeTakeFirst()
    : undefined;
  return f?.time_zone ?? 'UTC';
}

const myDayOut = myDaySchema;

/** The counselor's day in a handful of indexed queries: caseload, today, notes due, co-signatures. */
export async function myDay(tx: Tx, ctx: RequestContext, facilityId?: string): Promise<z.infer<typeof myDayOut>> {
  const zone = await userZone(tx, ctx, facilityId);
  const settings = await loadSettings(tx, ctx.organizationId);
  const today = localDay(ctx.now, zone);
  const dayStart = zonedInstant(today, '00:00', zone);
  const dayEnd = zonedInstant(addDays(today, 1), '00:00', zone);
  const org = ctx.organizationId;
  const caseload = await tx
    .selectFrom('care_team_members as c')
    .innerJoin('episodes as e', 'e.id', 'c.episode_id')
    .innerJoin('patients as p', (j) => j.onRef('p.organization_id', '=', 'e.organization_id').onRef('p.id', '=', 'e.patient_id'))
    .select(['p.id', 'p.legal_given_name', 'p.legal_family_name', 'p.preferred_name', 'p.mrn', 'e.level_of_care', 'e.id as episode_id'])
    .select((eb) =>
      eb
        .selectFrom('thr_sessions as s')
        .select('s.starts_at')
        .whereRef('s.organization_id', '=', 'p.organization_id')
        .whereRef('s.patient_id', '=', 'p.id')
        .orderBy('s.starts_at', 'desc')
        .limit(1)
        .as('last_session_at'),
    )
    .where('c.organization_id', '=', org)
    .where('c.user_id', '=', ctx.userId)
    .where('c.removed_at', 'is', null)
    .where('e.status', '=', 'active')
    .orderBy('p.legal_family_name')
    .execute();
  const groups = await listGroupSessions(tx, org, { leaderId: ctx.userId, from: dayStart, to: dayEnd });
  const sessions = await tx
    .selectFrom('thr_sessions as s')
    .innerJoin('patients as p', (j) => j.onRef('p.organization_id', '=', 's.organization_id').onRef('p.id', '=', 's.patient_id'))
    .select([
      's.id',
      's.patient_id',
      's.kind',
      's.modality',
      's.starts_at',
      's.ends_at',
      's.signed_at',
      'p.legal_given_name',
      'p.legal_family_name',
      'p.preferred_name',
    ])
    .where('s.organization_id', '=', org)
    .where('s.clinician_id', '=', ctx.userId)
    .where('s.starts_at', '>=', dayStart)
    .where('s.starts_at', '<', dayEnd)
    .orderBy('s.starts_at')
    .execute();
  const unsigned = await tx
    .selectFrom('thr_sessions as s')
    .innerJoin('patients as p', (j) => j.onRef('p.organization_id', '=', 's.organization_id').onRef('p.id', '=', 's.patient_id'))
    .select(['s.id', 's.ends_at', 's.kind', 'p.legal_given_name', 'p.legal_family_name', 'p.preferred_name'])
    .where('s.organization_id', '=', org)
    .where('s.clinician_id', '=', ctx.userId)
    .where('s.signed_at', 'is', null)
    .where('s.ends_at', '<=', ctx.now)
    .orderBy('s.ends_at')
    .limit(100)
    .execute();
  // Groups I led in the last 30 days that have attendance but no signed note.
  const unsignedGroups = await tx
    .selectFrom('thr_group_sessions as g')
    .innerJoin('thr_group_series as r', (j) => j.onRef('r.organization_id', '=', 'g.organization_id').onRef('r.id', '=', 'g.series_id'))
    .select(['g.id', 'g.ends_at', 'r.title'])
    .where('g.organization_id', '=', org)
    .where('g.leader_id', '=', ctx.userId)
    .where('g.starts_at', '>=', new Date(ctx.now.getTime() - 30 * 86_400_000))
    .where('g.ends_at', '<=', ctx.now)
    .where('g.status', '=', 'scheduled')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('thr_group_attendance as a')
          .select(sql`1`.as('one'))
          .whereRef('a.organization_id', '=', 'g.organization_id')
          .whereRef('a.group_session_id', '=', 'g.id'),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('thr_group_notes as n')
            .innerJoin('thr_group_note_versions as v', (j) => j.onRef('v.organization_id', '=', 'n.organization_id').onRef('v.group_note_id', '=', 'n.id'))
            .select(sql`1`.as('one'))
            .whereRef('n.organization_id', '=', 'g.organization_id')
            .whereRef('n.group_session_id', '=', 'g.id'),
        ),
      ),
    )
    .orderBy('g.ends_at')
    .execute();
  const cosign = await tx
    .selectFrom('thr_sessions as s')
    .innerJoin('thr_clinician_profiles as cp', (j) => j.onRef('cp.organization_id', '=', 's.organization_id').onRef('cp.user_id', '=', 's.clinician_id'))
    .innerJoin('patients as p', (j) => j.onRef('p.organization_id', '=', 's.organization_id').onRef('p.id', '=', 's.patient_id'))
    .innerJoin('users as u', (j) => j.onRef('u.organization_id', '=', 's.organization_id').onRef('u.id', '=', 's.clinician_id'))
    .select(['s.id', 's.patient_id', 's.signed_at', 'u.display_name', 'p.legal_given_name', 'p.legal_family_name', 'p.preferred_name'])
    .where('s.organization_id', '=', org)
    .where('s.needs_cosign', '=', true)
    .where('s.signed_at', 'is not', null)
    .where('cp.supervisor_id', '=', ctx.userId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('thr_cosignatures as c')
            .select(sql`1`.as('one'))
            .whereRef('c.organization_id', '=', 's.organization_id')
            .where('c.note_kind', '=', 'session')
            .whereRef('c.note_id', '=', 's.id'),
        ),
      ),
    )
    .orderBy('s.signed_at')
    .limit(100)
    .execute();
  // Group notes signed by my supervisees, not yet co-signed (the signer of the first version is the author).
  const groupCosign = await tx
    .selectFrom('thr_group_notes as n')
    .innerJoin('thr_group_note_versions as v', (j) =>
      j.onRef('v.organization_id', '=', 'n.organization_id').onRef('v.group_note_id', '=', 'n.id').on('v.version_no', '=', 1),
    )
    .innerJoin('thr_clinician_profiles as cp', (j) => j.onRef('cp.organization_id', '=', 'v.organization_id').onRef('cp.user_id', '=', 'v.signed_by'))
    .innerJoin('thr_group_sessions as g', (j) => j.onRef('g.organization_id', '=', 'n.organization_id').onRef('g.id', '=', 'n.group_session_id'))
    .innerJoin('thr_group_series as r', (j) => j.onRef('r.organization_id', '=', 'g.organization_id').onRef('r.id', '=', 'g.series_id'))
    .innerJoin('users as u', (j) => j.onRef('u.organization_id', '=', 'v.organization_id').onRef('u.id', '=', 'v.signed_by'))
    .select(['g.id', 'g.starts_at', 'r.title', 'v.signed_at', 'u.display_name'])
    .where('n.organization_id', '=', org)
    .where('n.needs_cosign', '=', true)
    .where('cp.supervisor_id', '=', ctx.userId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('thr_cosignatures as c')
            .select(sql`1`.as('one'))
            .whereRef('c.organization_id', '=', 'n.organization_id')
            .where('c.note_kind', '=', 'group')
            .whereRef('c.note_id', '=', 'n.id'),
        ),
      ),
    )
    .orderBy('v.signed_at')
    .limit(100)
    .execute();
  const due = (ended: Date) => new Date(ended.getTime() + settings.noteDeadlineHours * 3_600_000);
  const notesToWrite = [
    ...unsigned.map((s) => ({
      kind: 'session' as const,
      id: s.id,
      title: `${s.kind === 'individual' ? 'Individual' : 'Family'} session — ${displayName(s)}`,
      endedAt: s.ends_at,
    })),
    ...unsignedGroups.map((g) => ({ kind: 'group' as const, id: g.id, title: `Group — ${g.title}`, endedAt: g.ends_at })),
  ]
    .sort((a, b) => a.endedAt.getTime() - b.endedAt.getTime())
    .map((n) => ({ ...n, endedAt: n.endedAt.toISOString(), dueAt: due(n.endedAt).toISOString(), overdue: ctx.now.getTime() > due(n.endedAt).getTime() }));
  return {
    date: today,
    timeZone: zone,
    noteDeadlineHours: settings.noteDeadlineHours,
    caseload: caseload.map((c) => ({
      patientId: c.id,
      name: displayName(c),
      mrn: c.mrn,
      levelOfCare: c.level_of_care,
      episodeId: c.episode_id,
      lastSessionAt: c.last_session_at ? new Date(c.last_session_at).toISOString() : null,
    })),
    groupsToday: groups.map((g) => ({
      id: g.id,
      title: g.title,
      startsAt: g.startsAt,
      endsAt: g.endsAt,
      location: g.location,
      attended: g.attended,
      noteStatus: g.noteStatus,
    })),
    sessionsToday: sessions.map((s) => ({
      id: s.id,
      patientId: s.patient_id,
      patientName: displayName(s),
      kind: s.kind,
      modality: s.modality,
      startsAt: s.starts_at.toISOString(),
      endsAt: s.ends_at.toISOString(),
      signed: s.signed_at !== null,
    })),
    notesToWrite,
    cosignQueue: [
      ...cosign.map((c) => ({
        kind: 'session' as const,
        id: c.id,
        patientId: c.patient_id,
        title: displayName(c),
        authorName: c.display_name,
        signedAt: c.signed_at!,
      })),
      ...groupCosign.map((g) => ({
        kind: 'group' as const,
        id: g.id,
        patientId: null,
        title: `Group — ${g.title}, ${wallClock(g.starts_at, zone).date}`,
        authorName: g.display_name,
        signedAt: g.signed_at,
      })),
    ]
      .sort((a, b) => a.signedAt.getTime() - b.signedAt.getTime())
      .map((c) => ({ ...c, signedAt: c.signedAt.toISOString() })),
    // The treatment-plan stage (planning) is built separately; its reviews appear here once it lands.
    planReviewsDue: [],
    planReviewsAvailable: false,
  };
}

export const dayRoutes = [
  route({
    method: 'GET',
    url: '/therapy/my-day',
    summary: 'The counselor’s day: caseload, today’s groups and sessions, notes to write and sign, co-signatures waiting',
    tags,
    access: { permission: { resource: 'therapy-note', action: 'create' } },
    query: z.object({ facilityId: z.uuid().optional() }).strict(),
    response: myDayOut,
    handler: async ({ tx, ctx, query }) => {
      const day = await myDay(tx, ctx, query.facilityId && ctx.facilityIds.includes(query.facilityId) ? query.facilityId : undefined);
      recordAudit(ctx, { patientId: null, resourceType: 'therapy-my-day', resourceId: null, action: 'read' });
      return day;
    },
  }),
  route({
    method: 'GET',
    url: '/patients/:id/therapy-notes',
    summary: 'The patient’s therapy notes: individual and family sessions, and group notes with their amendments',
    tags,
    access: { permission: { resource: 'therapy-note', action: 'read' } },
    params: z.object({ id: z.string() }),
    auditResource: 'patient',
    response: therapyNotesSchema,
    handler: async ({ tx, ctx, params }) => {
      const p = await requirePatient(tx, ctx, params.id, 'therapy-note', 'read');
      const rows = await loadSessionRows(tx, ctx.organizationId, { patientId: p.id, limit: 100 });
      const sessions = await presentSessions(tx, ctx, rows);
      const groupNotes = await chartGroupNotes(tx, ctx.organizationId, p.id);
      recordAudit(ctx, { patientId: p.id, resourceType: 'therapy-note', resourceId: null, action: 'read' });
      return { sessions, groupNotes };
    },
  }),
  route({
    method: 'GET',
    url: '/patients/:id/therapy-hours',
    summary: 'Clinical service hours per week over the episode, against the level of care’s expected hours',
    tags,
    access: { permission: { resource: 'therapy-note', action: 'read' } },
    params: z.object({ id: z.string() }),
    auditResource: 'patient',
    response: hoursSchema,
    handler: async ({ tx, ctx, params }) => {
      const p = await requirePatient(tx, ctx, params.id, 'therapy-note', 'read');
      recordAudit(ctx, { patientId: p.id, resourceType: 'therapy-hours', resourceId: null, action: 'read' });
      return weeklyHours(tx, ctx.organizationId, p.id, ctx.now);
    },
  }),
];
