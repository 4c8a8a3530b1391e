import type { Tx } from '../../db/schema';
import { planContent, type PlanContent } from './content';

/**
 * What the planning stage offers other stages: the objectives of a patient's treatment plan, read only.
 * Therapy links the progress written in a note to these (by objective id and signed plan version).
 */
export interface PlanObjective {
  id: string;
  text: string;
  measure: string;
  targetDate: string;
  /** The goal the objective serves, in the patient's words. */
  goal: string | null;
}

export interface SignedPlanObjectives {
  planId: string;
  planVersionId: string;
  versionNumber: number;
  objectives: PlanObjective[];
}

function objectivesOf(content: PlanContent): PlanObjective[] {
  return content.objectives.map((o) => ({
    id: o.id,
    text: o.text,
    measure: o.measure,
    targetDate: o.targetDate,
    goal: content.goals.find((g) => g.id === o.goalId)?.patientWords ?? null,
  }));
}

/**
 * Each patient's current signed plan: the newest signed version of their latest plan (a plan not yet
 * signed has no objectives to report against). Two queries for any number of patients.
 */
export async function currentPlanObjectives(tx: Tx, organizationId: string, patientIds: string[]): Promise<Map<string, SignedPlanObjectives>> {
  const out = new Map<string, SignedPlanObjectives>();
  if (patientIds.length === 0) return out;
  const plans = await tx
    .selectFrom('plan_plans')
    .select(['id', 'patient_id'])
    .where('organization_id', '=', organizationId)
    .where('patient_id', 'in', patientIds)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const latest = new Map<string, string>();
  for (const p of plans) if (!latest.has(p.patient_id)) latest.set(p.patient_id, p.id);
  if (latest.size === 0) return out;
  const versions = await tx
    .selectFrom('plan_versions')
    .select(['id', 'plan_id', 'number', 'content'])
    .where('organization_id', '=', organizationId)
    .where('plan_id', 'in', [...latest.values()])
    .where('status', '=', 'signed')
    .orderBy('number', 'desc')
    .execute();
  for (const [patientId, planId] of latest) {
    const v = versions.find((x) => x.plan_id === planId);
    if (v) out.set(patientId, { planId, planVersionId: v.id, versionNumber: v.number, objectives: objectivesOf(planContent.parse(v.content)) });
  }
  return out;
}

/** The objectives as they stood in given plan versions (signed versions never change), by version id. */
export async function planObjectivesAt(
  tx: Tx,
  organizationId: string,
  planVersionIds: string[],
): Promise<Map<string, { versionNumber: number; objectives: PlanObjective[] }>> {
  const ids = [...new Set(planVersionIds)];
  if (ids.length === 0) return new Map();
  const rows = await tx
    .selectFrom('plan_versions')
    .select(['id', 'number', 'content'])
    .where('organization_id', '=', organizationId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { versionNumber: r.number, objectives: objectivesOf(planContent.parse(r.content)) }]));
}
