import type { Questionnaire, QuestionnaireItem } from '@medplum/fhirtypes';
import { ClinicalInputError } from '../errors';

/**
 * One declarative definition per instrument. The scorer, the band, the codes and the FHIR
 * Questionnaire all come from it, so a form, an API and a report can never disagree.
 */
export interface Coding {
  /** LOINC only where a source confirms the code; otherwise our local system. Never a wrong LOINC. */
  system: 'http://loinc.org' | 'urn:waypoint:instrument';
  code: string;
  display: string;
}

export interface AnswerOption {
  value: number;
  label: string;
}

export interface InstrumentItem {
  id: string;
  /** Short label in our own words. */
  label: string;
  answers: readonly AnswerOption[];
  /** Item code, only where a source confirms it. */
  code?: Coding;
}

export interface Band {
  min: number;
  max: number;
  /** null: the instrument gives no label to this range (e.g. COWS 0–4). */
  label: string | null;
}

export interface InstrumentDefinition {
  id: string;
  name: string;
  /** The total score's code. */
  code: Coding;
  /** The panel's code, where it differs from the total's (PHQ-9: 44249-1 panel vs 44261-6 total). */
  panelCode?: Coding;
  source: string;
  items: readonly InstrumentItem[];
  /** Empty when the instrument has no official bands. */
  bands: readonly Band[];
}

export interface InstrumentScore {
  instrument: string;
  items: Record<string, number>;
  total: number;
  /** The band's label; 'below mild' style text comes from the definition, null when no band applies. */
  band: string | null;
}

export function range(def: InstrumentDefinition): { min: number; max: number } {
  let min = 0;
  let max = 0;
  for (const item of def.items) {
    const values = item.answers.map((a) => a.value);
    min += Math.min(...values);
    max += Math.max(...values);
  }
  return { min, max };
}

/** Validates every answer against its item's allowed set. Nothing is coerced. */
export function validateAnswers(def: InstrumentDefinition, answers: Record<string, unknown>): { answered: Record<string, number>; missing: string[] } {
  const known = new Set(def.items.map((i) => i.id));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) throw new ClinicalInputError(key, 'known-item', `${key}: not an item of ${def.name}.`, [...known]);
  }
  const answered: Record<string, number> = {};
  const missing: string[] = [];
  for (const item of def.items) {
    const value = answers[item.id];
    if (value === undefined || value === null) {
      missing.push(item.id);
      continue;
    }
    const allowed = item.answers.map((a) => a.value);
    if (typeof value !== 'number' || !allowed.includes(value)) {
      throw new ClinicalInputError(
        item.id,
        'allowed-value',
        `${item.id}: ${JSON.stringify(value)} is not an allowed score; allowed: ${allowed.join(', ')}.`,
        allowed,
      );
    }
    answered[item.id] = value;
  }
  return { answered, missing };
}

/** Scores a complete form. An incomplete form is not totalled: the first missing item is named. */
export function scoreInstrument(def: InstrumentDefinition, answers: Record<string, unknown>): InstrumentScore {
  const { answered, missing } = validateAnswers(def, answers);
  if (missing.length) {
    throw new ClinicalInputError(
      missing[0],
      'required',
      `${def.name} is incomplete: ${missing.join(', ')} not answered; an incomplete form is not totalled.`,
      missing,
    );
  }
  const total = Object.values(answered).reduce((a, b) => a + b, 0);
  return { instrument: def.id, items: answered, total, band: bandOf(def, total) };
}

/** What has been answered so far, for a form being filled in: no total until complete. */
export function partialScore(def: InstrumentDefinition, answers: Record<string, unknown>) {
  const { answered, missing } = validateAnswers(def, answers);
  return { answered, missing, complete: missing.length === 0, total: missing.length === 0 ? Object.values(answered).reduce((a, b) => a + b, 0) : null };
}

export function bandOf(def: InstrumentDefinition, total: number): string | null {
  return def.bands.find((b) => total >= b.min && total <= b.max)?.label ?? null;
}

/** The FHIR R4 Questionnaire for the instrument. */
export function toQuestionnaire(def: InstrumentDefinition): Questionnaire {
  const item: QuestionnaireItem[] = def.items.map((i) => ({
    linkId: i.id,
    ...(i.code ? { code: [{ system: i.code.system, code: i.code.code, display: i.code.display }] } : {}),
    text: i.label,
    type: 'choice',
    required: true,
    answerOption: i.answers.map((a) => ({
      valueCoding: { system: `urn:waypoint:instrument:${def.id}:${i.id}`, code: String(a.value), display: a.label },
      extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/ordinalValue', valueDecimal: a.value }],
    })),
  }));
  return {
    resourceType: 'Questionnaire',
    id: def.id,
    url: `urn:waypoint:questionnaire:${def.id}`,
    name: def.id.replace(/[^A-Za-z0-9]/g, '_'),
    title: def.name,
    status: 'active',
    code: [def.panelCode ?? def.code].map((c) => ({ system: c.system, code: c.code, display: c.display })),
    item,
  };
}

/** Builds answer options 0..n from labels. */
export function scale(labels: readonly string[]): AnswerOption[] {
  return labels.map((label, value) => ({ value, label }));
}
