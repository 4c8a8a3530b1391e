import { z } from 'zod';
import { problems as http } from '../../platform/problems';

/**
 * A plan version's content, kept as one JSONB document per version (a signed version is one frozen
 * document; diffs compare two documents) and parsed with this schema whenever it is read.
 */
const key = z.string().trim().min(1).max(40);
const text = (max = 2000) => z.string().trim().min(1).max(max);

export const planProblem = z
  .object({ id: key, statement: text(), source: z.enum(['assessment', 'diagnosis', 'instrument', 'other']), diagnosisCode: z.string().max(10).nullish() })
  .strict();
export const planGoal = z.object({ id: key, problemId: key, patientWords: text() }).strict();
export const planObjective = z.object({ id: key, goalId: key, text: text(), measure: text(500), targetDate: z.iso.date() }).strict();
export const planIntervention = z
  .object({
    id: key,
    objectiveId: key,
    text: text(),
    modality: z.enum(['individual', 'group', 'family', 'medication', 'case-management', 'peer-support', 'education', 'other']),
    frequency: text(200),
    responsibleUserId: z.uuid().nullish(),
    responsibleName: text(200),
  })
  .strict();

export const planContent = z
  .object({
    problems: z.array(planProblem).max(50),
    goals: z.array(planGoal).max(100),
    objectives: z.array(planObjective).max(200),
    interventions: z.array(planIntervention).max(400),
  })
  .strict();
export type PlanContent = z.infer<typeof planContent>;
export const emptyContent: PlanContent = { problems: [], goals: [], objectives: [], interventions: [] };

/** Links and dates, draft or not: every goal under a known problem, objectives dated on or after the plan. */
export function checkContent(c: PlanContent, startDate: string): void {
  for (const [name, list] of Object.entries(c) as [keyof PlanContent, { id: string }[]][]) {
    const seen = new Set<string>();
    list.forEach((x, i) => {
      if (seen.has(x.id)) throw http.invalid(`content.${name}.${i}.id`, 'plan.unique-id', `content.${name}.${i}.id: ${x.id} is used twice.`);
      seen.add(x.id);
    });
  }
  const has = (list: { id: string }[], id: string) => list.some((x) => x.id === id);
  c.goals.forEach((g, i) => {
    if (!has(c.problems, g.problemId))
      throw http.invalid(`content.goals.${i}.problemId`, 'plan.known-problem', `content.goals.${i}.problemId: no problem ${g.problemId}.`);
  });
  c.objectives.forEach((o, i) => {
    if (!has(c.goals, o.goalId))
      throw http.invalid(`content.objectives.${i}.goalId`, 'plan.known-goal', `content.objectives.${i}.goalId: no goal ${o.goalId}.`);
    if (o.targetDate < startDate)
      throw http.invalid(
        `content.objectives.${i}.targetDate`,
        'plan.target-after-start',
        `content.objectives.${i}.targetDate: ${o.targetDate} is before the plan's date ${startDate}.`,
      );
  });
  c.interventions.forEach((v, i) => {
    if (!has(c.objectives, v.objectiveId))
      throw http.invalid(
        `content.interventions.${i}.objectiveId`,
        'plan.known-objective',
        `content.interventions.${i}.objectiveId: no objective ${v.objectiveId}.`,
      );
  });
}

/** Ready to sign: every problem has a goal, every goal an objective, every objective an intervention. */
export function requireComplete(c: PlanContent): void {
  if (c.problems.length === 0)
    throw http.invalid('content.problems', 'plan.problem-required', 'content.problems: a plan needs at least one problem before signing.');
  c.problems.forEach((p, i) => {
    if (!c.goals.some((g) => g.problemId === p.id))
      throw http.invalid(`content.problems.${i}`, 'plan.goal-required', `content.problems.${i}: "${p.statement}" needs a goal in the patient's words.`);
  });
  c.goals.forEach((g, i) => {
    if (!c.objectives.some((o) => o.goalId === g.id))
      throw http.invalid(`content.goals.${i}`, 'plan.objective-required', `content.goals.${i}: each goal needs a measurable objective.`);
  });
  c.objectives.forEach((o, i) => {
    if (!c.interventions.some((v) => v.objectiveId === o.id))
      throw http.invalid(`content.objectives.${i}`, 'plan.intervention-required', `content.objectives.${i}: each objective needs an intervention.`);
  });
}

export interface Change {
  section: keyof PlanContent;
  id: string;
  kind: 'added' | 'removed' | 'changed';
  /** Changed fields: before and after. */
  fields?: { field: string; from: unknown; to: unknown }[];
  label: string;
}

const labelOf = (x: Record<string, unknown>) => String(x.statement ?? x.patientWords ?? x.text ?? x.id);

/** The structured difference between two versions, item by item (matched by id). */
export function diffContent(a: PlanContent, b: PlanContent): Change[] {
  const out: Change[] = [];
  for (const section of ['problems', 'goals', 'objectives', 'interventions'] as const) {
    const before = new Map<string, Record<string, unknown>>(a[section].map((x) => [x.id, x as Record<string, unknown>]));
    const after = new Map<string, Record<string, unknown>>(b[section].map((x) => [x.id, x as Record<string, unknown>]));
    for (const [id, x] of before) if (!after.has(id)) out.push({ section, id, kind: 'removed', label: labelOf(x) });
    for (const [id, y] of after) {
      const x = before.get(id);
      if (!x) {
        out.push({ section, id, kind: 'added', label: labelOf(y) });
        continue;
      }
      const fields = [...new Set([...Object.keys(x), ...Object.keys(y)])]
        .filter((f) => JSON.stringify(x[f] ?? null) !== JSON.stringify(y[f] ?? null))
        .map((f) => ({ field: f, from: x[f] ?? null, to: y[f] ?? null }));
      if (fields.length) out.push({ section, id, kind: 'changed', fields, label: labelOf(y) });
    }
  }
  return out;
}
