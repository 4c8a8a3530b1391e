import { diagnoseOud, oudCriteria, oudCriterionLabels, type OudInput } from '../dsm5/oud';
import { ClinicalInputError } from '../errors';
import { auditC, scoreAuditC } from './audit-c';
import { barc10, scoreBarc10 } from './barc10';
import { cssrs, screenCssrs, type CssrsRisk } from './cssrs';
import { dast10 } from './dast10';
import { scoreInstrument, validateAnswers, type InstrumentDefinition } from './definition';
import { gad7 } from './gad7';
import { mdq, screenMdq } from './mdq';
import { defaultPcl5Options, pcl5, scorePcl5 } from './pcl5';
import { phq9, scorePhq9 } from './phq9';

/**
 * One form shape for every screening instrument: answers are `{ itemId: number }` against the
 * instrument's definition (yes/no items 0/1). Each entry turns those answers into the arguments of
 * the instrument's own scorer in this package and reports the result in one shape, so the web's live
 * score and the server's stored score are the same function. No rule is re-implemented here.
 */
export interface FormContext {
  /** Sex at birth, for the AUDIT-C cut-point. */
  sex?: 'male' | 'female';
  /** PCL-5 cut-point (default 33, configurable). */
  pcl5CutPoint?: number;
  /** DSM-5 remission: the severity when criteria were last met and months since (craving aside). */
  oudHistory?: OudInput['history'];
}

export interface FormResult {
  instrument: string;
  /** The value charted over time: the total, the C-SSRS risk as 0–3, the MDQ symptom count, the DSM-5 criteria count. */
  total: number;
  band: string | null;
  /** A positive suicide item or a C-SSRS risk level: the care team is alerted. */
  suicideRisk: { level: 'low' | 'moderate' | 'high'; reasons: string[] } | null;
  /** Everything the instrument's scorer returned (cluster rule, cut-points, ICD-10-CM code…). */
  detail: Record<string, unknown>;
}

export interface FormInstrument {
  code: string;
  def: InstrumentDefinition;
  /** Items that apply given the answers so far (skip logic); unanswered applicable items are missing. */
  applicable(answers: Record<string, number>): string[];
  /** Scores a complete form; throws ClinicalInputError naming the first missing or wrong item. */
  score(answers: Record<string, unknown>, context?: FormContext): FormResult;
}

const all = (def: InstrumentDefinition) => () => def.items.map((i) => i.id);

/** The DSM-5 OUD checklist as a form: the 11 criteria plus the facts that change how they count. */
export const dsm5OudForm: InstrumentDefinition = {
  id: 'dsm5-oud',
  name: 'DSM-5 opioid use disorder (criteria checklist)',
  code: { system: 'urn:waypoint:instrument', code: 'dsm5-oud', display: 'DSM-5 OUD criteria count' },
  source: 'DSM-5-TR [S7]; ICD-10-CM [S8]',
  items: [
    ...oudCriteria.map((c) => ({ id: c, label: oudCriterionLabels[c], answers: yesNo() })),
    { id: 'only_supervised_use', label: 'Opioids taken only under medical supervision', answers: yesNo() },
    { id: 'on_maintenance', label: 'On maintenance therapy (methadone, buprenorphine)', answers: yesNo() },
    { id: 'controlled_environment', label: 'In a controlled environment', answers: yesNo() },
  ],
  bands: [
    { min: 0, max: 1, label: 'criteria not met' },
    { min: 2, max: 3, label: 'mild' },
    { min: 4, max: 5, label: 'moderate' },
    { min: 6, max: 11, label: 'severe' },
  ],
};

function yesNo() {
  return [
    { value: 0, label: 'No' },
    { value: 1, label: 'Yes' },
  ];
}

function requireComplete(def: InstrumentDefinition, answers: Record<string, unknown>, applicable: string[]) {
  const { answered, missing } = validateAnswers(def, answers);
  const needed = missing.filter((m) => applicable.includes(m));
  if (needed.length) {
    throw new ClinicalInputError(
      needed[0],
      'required',
      `${def.name} is incomplete: ${needed.join(', ')} not answered; an incomplete form is not scored.`,
      needed,
    );
  }
  return answered;
}

const cssrsLevel: Record<CssrsRisk, number> = { none: 0, low: 1, moderate: 2, high: 3 };

export const formInstruments: Record<string, FormInstrument> = {
  'phq-9': {
    code: 'phq-9',
    def: phq9,
    applicable: all(phq9),
    score(answers) {
      const s = scorePhq9(answers);
      return {
        instrument: 'phq-9',
        total: s.total,
        band: s.band,
        suicideRisk: s.suicideRiskFlag
          ? { level: 'high', reasons: [`PHQ-9 item 9 answered ${s.items.self_harm}: thoughts of being better off dead or of self-harm`] }
          : null,
        detail: { items: s.items, suicideRiskFlag: s.suicideRiskFlag },
      };
    },
  },
  'gad-7': {
    code: 'gad-7',
    def: gad7,
    applicable: all(gad7),
    score(answers) {
      const s = scoreInstrument(gad7, answers);
      return { instrument: 'gad-7', total: s.total, band: s.band, suicideRisk: null, detail: { items: s.items } };
    },
  },
  'pcl-5': {
    code: 'pcl-5',
    def: pcl5,
    applicable: all(pcl5),
    score(answers, context) {
      const s = scorePcl5(answers, { cutPoint: context?.pcl5CutPoint ?? defaultPcl5Options.cutPoint });
      const band = s.aboveCutPoint ? 'probable PTSD (at or above cut-point)' : 'below cut-point';
      return {
        instrument: 'pcl-5',
        total: s.total,
        band,
        suicideRisk: null,
        detail: { items: s.items, clusterCounts: s.clusterCounts, clusterRuleMet: s.clusterRuleMet, aboveCutPoint: s.aboveCutPoint, cutPoint: s.cutPoint },
      };
    },
  },
  'c-ssrs-screen': {
    code: 'c-ssrs-screen',
    def: cssrs,
    applicable(a) {
      return [
        'wish_dead',
        'suicidal_thoughts',
        ...(a.suicidal_thoughts === 1 ? ['method', 'intent', 'plan'] : []),
        'behavior',
        ...(a.behavior === 1 ? ['behavior_recent'] : []),
      ];
    },
    score(answers) {
      const answered = requireComplete(cssrs, answers, this.applicable(answers as Record<string, number>));
      const yes = (k: string) => (answered[k] === undefined ? undefined : answered[k] === 1);
      const r = screenCssrs({
        wish_dead: yes('wish_dead')!,
        suicidal_thoughts: yes('suicidal_thoughts')!,
        method: yes('method'),
        intent: yes('intent'),
        plan: yes('plan'),
        behavior: yes('behavior')!,
        behavior_recent: yes('behavior_recent'),
      });
      return {
        instrument: 'c-ssrs-screen',
        total: cssrsLevel[r.risk],
        band: r.risk === 'none' ? 'no risk identified' : `${r.risk} risk`,
        suicideRisk: r.risk === 'none' ? null : { level: r.risk, reasons: r.reasons },
        detail: { items: answered, risk: r.risk, reasons: r.reasons },
      };
    },
  },
  'audit-c': {
    code: 'audit-c',
    def: auditC,
    applicable: all(auditC),
    score(answers, context) {
      const s = scoreAuditC(answers, context?.sex as 'male' | 'female');
      return {
        instrument: 'audit-c',
        total: s.total,
        band: s.positive ? 'positive' : 'negative',
        suicideRisk: null,
        detail: { items: s.items, cutPoint: s.cutPoint, positive: s.positive },
      };
    },
  },
  'dast-10': {
    code: 'dast-10',
    def: dast10,
    applicable: all(dast10),
    score(answers) {
      const s = scoreInstrument(dast10, answers);
      return { instrument: 'dast-10', total: s.total, band: s.band, suicideRisk: null, detail: { items: s.items } };
    },
  },
  mdq: {
    code: 'mdq',
    def: mdq,
    applicable: all(mdq),
    score(answers) {
      const answered = requireComplete(mdq, answers, this.applicable(answers as Record<string, number>));
      const problems = ['none', 'minor', 'moderate', 'serious'] as const;
      const r = screenMdq({
        symptoms: Array.from({ length: 13 }, (_, i) => answered[`symptom${i + 1}`] === 1),
        samePeriod: answered.same_period === 1,
        problem: problems[answered.problem],
      });
      return {
        instrument: 'mdq',
        total: r.symptomCount,
        band: r.positive ? 'positive screen' : 'negative screen',
        suicideRisk: null,
        detail: { items: answered, symptomCount: r.symptomCount, positive: r.positive },
      };
    },
  },
  'barc-10': {
    code: 'barc-10',
    def: barc10,
    applicable: all(barc10),
    score(answers) {
      const s = scoreBarc10(answers);
      return {
        instrument: 'barc-10',
        total: s.total,
        band: s.atOrAboveRemissionThreshold ? 'at or above remission threshold' : 'below remission threshold',
        suicideRisk: null,
        detail: { items: s.items, threshold: s.threshold },
      };
    },
  },
  'dsm5-oud': {
    code: 'dsm5-oud',
    def: dsm5OudForm,
    applicable: all(dsm5OudForm),
    score(answers, context) {
      const answered = requireComplete(dsm5OudForm, answers, this.applicable(answers as Record<string, number>));
      const d = diagnoseOud({
        criteria: oudCriteria.filter((c) => answered[c] === 1),
        onlySupervisedMedicalUse: answered.only_supervised_use === 1,
        onMaintenanceTherapy: answered.on_maintenance === 1,
        inControlledEnvironment: answered.controlled_environment === 1,
        history: context?.oudHistory,
      });
      const band = d.severity ? `${d.severity}${d.remission ? `, in ${d.remission} remission` : ''}` : 'criteria not met';
      return { instrument: 'dsm5-oud', total: d.count, band, suicideRisk: null, detail: { items: answered, ...d } };
    },
  },
};

export const formInstrumentCodes = Object.keys(formInstruments);
