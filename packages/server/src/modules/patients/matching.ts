import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { Database, Tx } from '../../db/schema';
import type { RequestContext } from '../../platform/context';
import { patientScope } from '../../platform/permissions/access';
import type { Action, Resource } from '../../platform/permissions/decision-table';

type PatientEb = ExpressionBuilder<Database & { p: Database['patients'] }, 'p'>;

/** What a search term asks for: a birth date, an MRN, or words each found in the name. */
export type PatientMatch = { birthDate: string } | { mrn: string } | { words: string[] };

function matches(m: PatientMatch) {
  return (eb: PatientEb): Expression<SqlBool> => {
    if ('birthDate' in m) return eb('p.birth_date', '=', m.birthDate);
    if ('mrn' in m) return eb('p.mrn', '=', m.mrn);
    if (m.words.length === 0) return sql<SqlBool>`true`;
    return eb.and(m.words.map((w) => eb('p.search_name', 'like', pattern(w))));
  };
}

/** A word as a LIKE pattern for "contains", its wildcards taken literally. */
const pattern = (w: string) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const after = (cursor: [string, string] | undefined) => (eb: PatientEb) =>
  cursor ? eb(eb.refTuple('p.search_name', 'p.id'), '>', eb.tuple(cursor[0], cursor[1])) : sql<SqlBool>`true`;

/**
 * Whether a trigram index can find the matches: pg_trgm takes its trigrams from runs of three or more
 * letters or digits, so "smi" can be looked up and "al" or "o-b" cannot (those walk in name order).
 */
function byTrigram(m: PatientMatch): boolean {
  return 'words' in m && m.words.some((w) => /[\p{L}\p{N}]{3,}/u.test(w));
}

/**
 * One page (limit + 1 rows, in name order) of the patients in this user's scope who match, as ids
 * and search names. With a facility-wide scope the page is the union of two reads, each stopping at the
 * page size: the patients registered at the user's facilities and those with an active episode there
 * (a name common elsewhere but absent from the user's facilities no longer walks a million patients).
 * Among the registered patients a name (a word of three letters or more) is not looked for by walking
 * the names in order with a substring filter alone, which passes every name sorting before the first
 * match ("walker" read ~90 % of a 50,000-patient facility, issue 13): a short walk, then the trigram
 * index that carries the facility (walkThenFound, allFound).
 */
export async function matchingPatientPage(
  tx: Tx,
  ctx: RequestContext,
  resource: Resource,
  action: Action,
  match: PatientMatch,
  limit: number,
  cursor?: [string, string],
): Promise<{ id: string; search_name: string }[]> {
  const scope = ctx.scopeFor(resource, action);
  if (scope === 'facility') {
    if (ctx.facilityIds.length === 0) return [];
    // One facility is an equality, so a walk of its names comes out in name order; several are merged below.
    const facilities = ctx.facilityIds;
    const registeredMatching = registeredQuery(tx)
      .where('p.organization_id', '=', ctx.organizationId)
      .where((eb) => (facilities.length === 1 ? eb('p.facility_id', '=', facilities[0]) : eb('p.facility_id', 'in', facilities)))
      .where(matches(match))
      .where(after(cursor));
    const page = limit + 1;
    const registered = !byTrigram(match)
      ? registeredMatching.orderBy('p.search_name').orderBy('p.id').limit(page)
      : facilities.length > 1
        ? sql`(with ${allFound(registeredMatching)} select id, search_name from found order by search_name, id limit ${page})`
        : walkThenFound(registeredMatching, (match as { words: string[] }).words, page, tx, ctx.organizationId, facilities[0], cursor);
    const inCare = tx
      .selectFrom('episodes as e')
      .innerJoin('patients as p', (j) => j.onRef('p.organization_id', '=', 'e.organization_id').onRef('p.id', '=', 'e.patient_id'))
      .select(['p.id', 'p.search_name'])
      .where('e.organization_id', '=', ctx.organizationId)
      .where('e.status', '=', 'active')
      .where('e.facility_id', 'in', facilities)
      .where(matches(match))
      .where(after(cursor))
      .orderBy('p.search_name')
      .orderBy('p.id')
      .limit(limit + 1);
    const { rows } = await sql<{ id: string; search_name: string }>`
      select id, search_name from (${registered}) registered
      union
      select id, search_name from (${inCare}) in_care
      order by search_name, id
      limit ${limit + 1}`.execute(tx);
    return rows;
  }
  return tx
    .selectFrom('patients as p')
    .select(['p.id', 'p.search_name'])
    .where(patientScope(ctx, resource, action))
    .where(matches(match))
    .where(after(cursor))
    .orderBy('p.search_name')
    .orderBy('p.id')
    .limit(limit + 1)
    .execute();
}

type RegisteredMatching = ReturnType<typeof registeredQuery>;
const registeredQuery = (tx: Tx) => tx.selectFrom('patients as p').select(['p.id', 'p.search_name']);

/**
 * `found`: every registered patient who matches, through the trigram index that carries the facility
 * (migration 0062). The planner prices a walk of the facility's whole name index (index-only, the
 * substring tested on each of its 50,000 entries) below the trigram index's bitmap, which reads only the
 * matches (11-15 ms against 4-5 ms for "walker", issue 13): reading a column that index lacks (the MRN)
 * leaves the trigram index as the way in.
 */
function allFound(matching: RegisteredMatching, gate: RawBuilder<unknown> = sql`true`) {
  return sql`found as materialized (${matching.select('p.mrn').where(gate as RawBuilder<SqlBool>)})`;
}

/**
 * One facility's page of registered matches. A name-ordered walk of the first entries after the cursor
 * (50 a row of the page, index-only) holds the page when the term is common and spread through the
 * alphabet ("patricia" in family-first names, "smi" in given-first ones); only when it does not are the
 * facility's matches read from the trigram index and sorted, so a name sorting late ("walker") or a
 * rare one costs its matches, not the names before it.
 */
function walkThenFound(
  matching: RegisteredMatching,
  words: string[],
  page: number,
  tx: Tx,
  organizationId: string,
  facilityId: string,
  cursor: [string, string] | undefined,
) {
  const walked = tx
    .selectFrom('patients as p')
    .select(['p.id', 'p.search_name'])
    .where('p.organization_id', '=', organizationId)
    .where('p.facility_id', '=', facilityId)
    .where(after(cursor))
    .orderBy('p.search_name')
    .orderBy('p.id')
    .limit(50 * page);
  const inWalk = sql.join(
    words.map((w) => sql`walked.search_name like ${pattern(w)}`),
    sql` and `,
  );
  // `found` runs only when the walk fell short of a page (a one-time filter on `early`'s count).
  return sql`(
    with walked as materialized (${walked}),
    early as materialized (select id, search_name from walked where ${inWalk} order by search_name, id limit ${page}),
    ${allFound(matching, sql`(select count(*) from early) < ${page}`)}
    select id, search_name from early where (select count(*) from early) = ${page}
    union all
    (select id, search_name from found order by search_name, id limit ${page}))`;
}

/** A search box's text as a match: YYYY-MM-DD or M/D/YYYY is a birth date, W1234567 or digits an MRN, else words. */
export function parsePatientTerm(q: string | undefined): PatientMatch {
  const term = q?.trim().toLowerCase() ?? '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(term)) return { birthDate: term };
  if (/^\d{1,2}\/\d{1,2}\/\d{4}$/.test(term)) {
    const [m, d, y] = term.split('/');
    return { birthDate: `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}` };
  }
  if (/^w?\d{3,}$/i.test(term)) return { mrn: term.toUpperCase().startsWith('W') ? term.toUpperCase() : `W${term.padStart(7, '0')}` };
  return { words: term ? term.split(/\s+/).slice(0, 4) : [] };
}
