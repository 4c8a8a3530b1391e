import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClinicalInputError } from '../errors';
import { cows, cowsPulseScore, scoreCows } from './cows';
import { partialScore, range, scoreInstrument, toQuestionnaire } from './definition';
import { sows } from './sows';
import { sowsGossop } from './sows-gossop';

const keys = cows.items.map((i) => i.id);
const form = (values: number[]) => Object.fromEntries(keys.map((k, i) => [k, values[i]]));

describe('COWS (clinical.md §1.1 worked cases)', () => {
  it.each([
    ['C1', [1, 2, 1, 1, 2, 1, 2, 1, 1, 2, 0], 14, 'moderate'],
    ['C2', [1, 0, 0, 0, 0, 0, 0, 0, 2, 1, 0], 4, 'below mild'],
    ['C3', [1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 0], 12, 'mild'],
    ['C4', [1, 1, 1, 1, 1, 1, 1, 1, 2, 0, 3], 13, 'moderate'],
    ['C5', [4, 4, 5, 5, 4, 4, 5, 4, 1, 0, 0], 36, 'moderately severe'],
    ['C6', [4, 4, 5, 5, 4, 4, 5, 4, 2, 0, 0], 37, 'severe'],
    ['C7', [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 5], 48, 'severe'],
  ])('%s totals %i (%s)', (_, values, total, band) => {
    expect(scoreInstrument(cows, form(values as number[]))).toMatchObject({ total, band });
  });
  it('C1 with the pulse taken as 92 bpm', () => {
    const { pulse: _p, ...rest } = form([1, 2, 1, 1, 2, 1, 2, 1, 1, 2, 0]);
    expect(scoreCows(rest, 92).total).toBe(14);
  });
  it('band edges 4/5, 12/13, 24/25, 36/37', () => {
    const at = (n: number) => scoreInstrument(cows, { ...form([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), ...spread(n) }).band;
    expect([at(4), at(5), at(12), at(13), at(24), at(25), at(36), at(37)]).toEqual([
      'below mild',
      'mild',
      'mild',
      'moderate',
      'moderate',
      'moderately severe',
      'moderately severe',
      'severe',
    ]);
  });
  it('C8/C9: refuses scores outside an item’s allowed set, naming item and allowed values', () => {
    expect(() => scoreInstrument(cows, { ...form([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), restlessness: 2 })).toThrow(/restlessness.*0, 1, 3, 5/);
    try {
      scoreInstrument(cows, { ...form([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), gooseflesh: 1 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ClinicalInputError);
      expect((e as ClinicalInputError).field).toBe('gooseflesh');
      expect((e as ClinicalInputError).allowed).toEqual([0, 3, 5]);
    }
    expect(() => scoreInstrument(cows, { ...form([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), tremor: '1' })).toThrow(/tremor/);
    expect(() => scoreInstrument(cows, { ...form([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), extra: 1 })).toThrow(/extra/);
  });
  it('C10: pulse boundaries 80/81/100/101/120/121', () => {
    expect([80, 81, 100, 101, 120, 121].map(cowsPulseScore)).toEqual([0, 1, 1, 2, 2, 4]);
    expect(() => cowsPulseScore(300)).toThrow(/pulseBpm/);
    expect(() => scoreCows({ ...form([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), pulse: 0 }, 130)).toThrow(/pulse/);
    expect(scoreCows({ ...form([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), pulse: 4 }, 130).total).toBe(4);
    expect(scoreCows(form([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])).total).toBe(0);
  });
  it('does not total an incomplete form', () => {
    const { gooseflesh: _g, ...rest } = form([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
    expect(() => scoreInstrument(cows, rest)).toThrow(/incomplete.*gooseflesh/);
    expect(partialScore(cows, rest)).toMatchObject({ complete: false, missing: ['gooseflesh'], total: null });
    expect(partialScore(cows, form([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toMatchObject({ complete: true, total: 0 });
  });
  it('ranges 0–48 for any valid form', () => {
    expect(range(cows)).toEqual({ min: 0, max: 48 });
    fc.assert(
      fc.property(fc.tuple(...cows.items.map((i) => fc.constantFrom(...i.answers.map((a) => a.value)))), (values) => {
        const s = scoreInstrument(cows, form(values));
        expect(s.total).toBeGreaterThanOrEqual(0);
        expect(s.total).toBeLessThanOrEqual(48);
        expect(s.band).not.toBeNull();
      }),
    );
  });
  it('has a FHIR Questionnaire with a local code, never the pain LOINC', () => {
    const q = toQuestionnaire(cows);
    expect(q.resourceType).toBe('Questionnaire');
    expect(q.item).toHaveLength(11);
    expect(q.code?.[0].system).toBe('urn:waypoint:instrument');
    expect(JSON.stringify(q)).not.toContain('72514-3');
    expect(q.item?.[10].answerOption?.map((o) => o.valueCoding?.code)).toEqual(['0', '3', '5']);
  });
});

/** Item values adding to n, filling items to their maxima in order. */
function spread(n: number): Record<string, number> {
  const out: Record<string, number> = {};
  let left = n;
  for (const item of cows.items) {
    const allowed = item.answers.map((a) => a.value).sort((a, b) => b - a);
    const pick = allowed.find((v) => v <= left) ?? 0;
    out[item.id] = pick;
    left -= pick;
  }
  if (left !== 0) throw new Error(`cannot spread ${n}`);
  return out;
}

describe('SOWS (Handelsman) and the Short Opiate Withdrawal Scale (Gossop) are distinct', () => {
  it('have distinct codes, item counts and ranges, and no bands', () => {
    expect(sows.code.code).not.toBe(sowsGossop.code.code);
    expect(sows.items).toHaveLength(16);
    expect(sowsGossop.items).toHaveLength(10);
    expect(range(sows)).toEqual({ min: 0, max: 64 });
    expect(range(sowsGossop)).toEqual({ min: 0, max: 30 });
    const all = (def: typeof sows, v: number) => Object.fromEntries(def.items.map((i) => [i.id, v]));
    expect(scoreInstrument(sows, all(sows, 4))).toMatchObject({ total: 64, band: null });
    expect(scoreInstrument(sowsGossop, all(sowsGossop, 3))).toMatchObject({ total: 30, band: null });
    expect(() => scoreInstrument(sowsGossop, all(sowsGossop, 4))).toThrow(/allowed: 0, 1, 2, 3/);
  });
});
