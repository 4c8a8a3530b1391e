import { sql } from 'kysely';
import type { LevelOfCare } from '@waypoint/clinical/care/levels';
import type { PatientsTable, Tx } from '../../db/schema';
import type { RequestContext } from '../../platform/context';
import { patientScope } from '../../platform/permissions/access';
import { decodeCursor, page } from '../../platform/pagination';
import { ageOn } from './present';

/** Patients with their active episode and its facility: the columns a patient summary shows. */
function summaries(tx: Tx) {
  return tx
    .selectFrom('patients as p')
    .leftJoin('episodes as e', (j) => j.onRef('e.patient_id', '=', 'p.id').on('e.status', '=', 'active'))
    .leftJoin('facilities as f', 'f.id', 'e.facility_id')
    .select([
      'p.id',
      'p.mrn',
      'p.legal_given_name',
      'p.legal_family_name',
      'p.preferred_name',
      'p.birth_date',
      'p.sex_at_birth',
      'p.search_name',
      'e.id as episode_id',
      'e.level_of_care',
      'e.facility_id as episode_facility_id',
      'f.name as facility_name',
      'e.admitted_at',
      'e.bed',
    ]);
}

/**
 * Search by MRN (exact), birth date (YYYY-MM-DD) or name (every word a substring), in name order with
 * keyset paging. The page of matches first (patients only, in the order of the
 * (organization, search name, id) index, stopping at the page size), then each match's active episode
 * by index: at a million patients nothing sorts every match.
 */
export async function searchPatients(tx: Tx, ctx: RequestContext, q: string | undefined, limit: number, cursor?: string) {
  const after = decodeCursor<[string, string]>(cursor, ['text', 'uuid']);
  let query = tx
    .selectFrom('patients as p')
    .select(['p.id', 'p.mrn', 'p.legal_given_name', 'p.legal_family_name', 'p.preferred_name', 'p.birth_date', 'p.sex_at_birth', 'p.search_name'])
    .where(patientScope(ctx, 'patient', 'read'));
  const term = q?.trim().toLowerCase() ?? '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(term)) {
    query = query.where('p.birth_date', '=', term);
  } else if (/^w?\d{3,}$/i.test(term)) {
    query = query.where('p.mrn', '=', term.toUpperCase().startsWith('W') ? term.toUpperCase() : `W${term.padStart(7, '0')}`);
  } else if (term) {
    for (const word of term.split(/\s+/).slice(0, 4)) {
      query = query.where('p.search_name', 'like', `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
  }
  if (after) {
    query = query.where((eb) => eb(eb.refTuple('p.search_name', 'p.id'), '>', eb.tuple(after[0], after[1])));
  }
  const rows = await query
    .orderBy('p.search_name')
    .orderBy('p.id')
    .limit(limit + 1)
    .execute();
  const { items, nextCursor } = page(rows, limit, (r) => [r.search_name, r.id]);
  const episodes = items.length
    ? await tx
        .selectFrom('episodes as e')
        .innerJoin('facilities as f', 'f.id', 'e.facility_id')
        .select([
          'e.patient_id',
          'e.id as episode_id',
          'e.level_of_care',
          'e.facility_id as episode_facility_id',
          'f.name as facility_name',
          'e.admitted_at',
          'e.bed',
        ])
        .where(
          'e.patient_id',
          'in',
          items.map((r) => r.id),
        )
        .where('e.status', '=', 'active')
        .execute()
    : [];
  const byPatient = new Map(episodes.map((e) => [e.patient_id, e]));
  const none = { episode_id: null, level_of_care: null, episode_facility_id: null, facility_name: null, admitted_at: null, bed: null };
  return { items: items.map((r) => summary({ ...r, ...(byPatient.get(r.id) ?? none) }, ctx.now)), nextCursor };
}

export function summary(
  r: {
    id: string;
    mrn: string;
    legal_given_name: string;
    legal_family_name: string;
    preferred_name: string | null;
    birth_date: string;
    sex_at_birth: PatientsTable['sex_at_birth'];
    episode_id: string | null;
    level_of_care: LevelOfCare | null;
    episode_facility_id: string | null;
    facility_name: string | null;
    admitted_at: Date | null;
    bed: string | null;
  },
  now: Date,
) {
  return {
    id: r.id,
    mrn: r.mrn,
    legalGivenName: r.legal_given_name,
    legalFamilyName: r.legal_family_name,
    preferredName: r.preferred_name,
    birthDate: r.birth_date,
    age: ageOn(r.birth_date, now),
    sexAtBirth: r.sex_at_birth,
    activeEpisode: r.episode_id
      ? {
          id: r.episode_id,
          levelOfCare: r.level_of_care!,
          facilityId: r.episode_facility_id!,
          facilityName: r.facility_name!,
          admittedAt: r.admitted_at!,
          bed: r.bed,
        }
      : null,
  };
}

/**
 * Likely duplicates of a new registration: same birth date and a similar name, or the same legal
 * name with another birth date (a typo in the date). Only among patients the caller may see: a
 * registration must not disclose patients of facilities the caller does not work at (42 CFR Part 2).
 */
export async function findDuplicates(tx: Tx, ctx: RequestContext, given: string, family: string, birthDate: string) {
  const name = `${given} ${family}`.toLowerCase();
  const rows = await summaries(tx)
    .where('p.organization_id', '=', ctx.organizationId)
    .where(patientScope(ctx, 'patient', 'read'))
    .where((eb) =>
      eb.or([
        eb.and([eb('p.birth_date', '=', birthDate), sql<boolean>`similarity(p.search_name, ${name}) >= 0.3`]),
        eb.and([eb(eb.fn('lower', ['p.legal_family_name']), '=', family.toLowerCase()), eb(eb.fn('lower', ['p.legal_given_name']), '=', given.toLowerCase())]),
      ]),
    )
    .limit(10)
    .execute();
  return rows.map((r) => summary(r, ctx.now));
}
