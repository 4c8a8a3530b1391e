import { ClinicalInputError } from '@waypoint/clinical/errors';
import { scoreCows } from '@waypoint/clinical/instruments/cows';
import { scoreInstrument } from '@waypoint/clinical/instruments/definition';
import { sows } from '@waypoint/clinical/instruments/sows';
import { sowsGossop } from '@waypoint/clinical/instruments/sows-gossop';

/** The flowsheet's forms, scored by the clinical package; errors name the item as `cows.<item>`. */
export function scoreCowsForm(items: Record<string, number>, pulseBpm?: number) {
  return prefixed('cows', () => scoreCows(items, pulseBpm));
}

export function scoreSowsForm(instrument: 'sows' | 'sows-gossop', items: Record<string, number>) {
  return prefixed('sows', () => scoreInstrument(instrument === 'sows' ? sows : sowsGossop, items));
}

function prefixed<T>(form: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ClinicalInputError) throw new ClinicalInputError(`${form}.${err.field}`, err.rule, `${form}.${err.message}`, err.allowed);
    throw err;
  }
}
