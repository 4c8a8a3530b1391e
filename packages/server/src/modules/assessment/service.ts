import type { Tx } from '../../db/schema';
import type { RequestContext } from '../../platform/context';
import { episodesInReach, patientScope } from '../../platform/permissions/access';
import { currentDiagnoses, presentDiagnosis } from './diagnoses';

/**
 * What the assessment stage offers other stages: the current problem list (planning builds a plan's
 * problems from it) and the assessments still to finish (the counselor's work list).
 */
export async function problemList(tx: Tx, organizationId: string, patientId: string) {
  return (await currentDiagnoses(tx, organizationId, patientId)).map(presentDiagnosis).filter((d) => d.status === 'active' || d.status === 'in-remission');
}

/** Active episodes in the user's scope whose intake assessment is missing or still a draft. */
export async function assessmentsToFinish(tx: Tx, ctx: RequestContext) {
  const rows = await tx
    .selectFrom('episodes as e')
    .innerJoin('patients as p', (j) => j.onRef('p.organization_id', '=', 'e.organization_id').onRef('p.id', '=', 'e.patient_id'))
    .leftJoin('asm_assessments as a', (j) =>
      j.onRef('a.organization_id', '=', 'e.organization_id').onRef('a.episode_id', '=', 'e.id').on('a.kind', '=', 'intake'),
    )
    .select([
      'e.id as episode_id',
      'e.patient_id',
      'e.admitted_at',
      'p.legal_given_name',
      'p.legal_family_name',
      'p.mrn',
      'a.id as assessment_id',
      'a.updated_at',
    ])
    .where('e.organization_id', '=', ctx.organizationId)
    .where('e.status', '=', 'active')
    .where((eb) => eb.or([eb('a.id', 'is', null), eb('a.status', '=', 'draft')]))
    .where(episodesInReach(ctx, 'assessment', 'update'))
    .where(patientScope(ctx, 'assessment', 'update'))
    .orderBy('e.admitted_at')
    .limit(200)
    .execute();
  return rows.map((r) => ({
    patientId: r.patient_id,
    patientName: `${r.legal_family_name}, ${r.legal_given_name}`,
    mrn: r.mrn,
    episodeId: r.episode_id,
    assessmentId: r.assessment_id,
    state: r.assessment_id ? ('draft' as const) : ('not-started' as const),
    since: r.updated_at ?? r.admitted_at,
  }));
}
