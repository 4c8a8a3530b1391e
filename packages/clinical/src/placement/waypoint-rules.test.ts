import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { levelsOfCare } from '../care/levels';
import { dimensions, type Dimension } from './engine';
import { waypointPlacementRules as engine } from './waypoint-rules';

const ratings = (over: Partial<Record<Dimension, number>> = {}) => ({
  withdrawal: 0,
  biomedical: 0,
  emotional: 0,
  readiness: 0,
  relapse: 0,
  environment: 0,
  ...over,
});

describe('Waypoint placement rules', () => {
  it.each([
    [{}, 'outpatient'],
    [{ withdrawal: 2 }, 'intensive_outpatient'],
    [{ withdrawal: 3 }, 'withdrawal_management'],
    [{ biomedical: 3 }, 'residential'],
    [{ emotional: 3 }, 'residential'],
    [{ relapse: 3 }, 'partial_hospitalization'],
    [{ environment: 3 }, 'partial_hospitalization'],
    [{ relapse: 3, environment: 3 }, 'residential'],
    [{ readiness: 4 }, 'outpatient'],
    [{ readiness: 2 }, 'intensive_outpatient'],
  ])('%j → %s', (over, level) => {
    expect(engine.suggest({ ratings: ratings(over) }).level).toBe(level);
  });
  it('refers beyond the program at 4 and says why', () => {
    const w = engine.suggest({ ratings: ratings({ withdrawal: 4 }) });
    expect(w.level).toBe('withdrawal_management');
    expect(w.referBeyondProgram[0]).toMatch(/hospital/);
    const b = engine.suggest({ ratings: ratings({ biomedical: 4, emotional: 4 }) });
    expect(b.level).toBe('residential');
    expect(b.referBeyondProgram).toHaveLength(2);
  });
  it('sends methadone patients at outpatient intensity to the OTP', () => {
    expect(engine.suggest({ ratings: ratings(), medicationForOud: 'methadone' }).level).toBe('opioid_treatment_program');
    expect(engine.suggest({ ratings: ratings({ relapse: 3 }), medicationForOud: 'buprenorphine' }).reasons.at(-1)).toContain('buprenorphine');
  });
  it('refuses a rating outside 0–4, naming the dimension', () => {
    expect(() => engine.suggest({ ratings: ratings({ relapse: 5 }) })).toThrow(/ratings.relapse/);
    expect(() => engine.suggest({ ratings: { ...ratings(), environment: undefined } as never })).toThrow(/environment/);
  });
  it('always suggests a real level with at least one reason, never lower when a rating rises', () => {
    const order = ['outpatient', 'opioid_treatment_program', 'intensive_outpatient', 'partial_hospitalization', 'residential', 'withdrawal_management'];
    fc.assert(
      fc.property(fc.tuple(...dimensions.map(() => fc.integer({ min: 0, max: 4 }))), fc.constantFrom(...dimensions), (values, bump) => {
        const r = Object.fromEntries(dimensions.map((d, i) => [d, values[i]])) as Record<Dimension, number>;
        const s = engine.suggest({ ratings: r });
        expect(levelsOfCare).toContain(s.level);
        expect(s.reasons.length).toBeGreaterThan(0);
        if (r[bump] < 4 && bump !== 'readiness') {
          const higher = engine.suggest({ ratings: { ...r, [bump]: r[bump] + 1 } });
          expect(order.indexOf(higher.level)).toBeGreaterThanOrEqual(order.indexOf(s.level) === 1 ? 0 : order.indexOf(s.level));
        }
      }),
    );
  });
});
