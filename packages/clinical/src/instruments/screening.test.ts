import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreAuditC } from './audit-c';
import { scoreBam } from './bam';
import { barc10, scoreBarc10 } from './barc10';
import { screenCssrs } from './cssrs';
import { dast10, dast10Scores } from './dast10';
import { range, scoreInstrument, toQuestionnaire, type InstrumentDefinition } from './definition';
import { gad7 } from './gad7';
import { screenMdq } from './mdq';
import { pcl5, scorePcl5 } from './pcl5';
import { phq9, scorePhq9 } from './phq9';

const all = (def: InstrumentDefinition, v: number) => Object.fromEntries(def.items.map((i) => [i.id, v]));
/** A form whose items add up to n, filled from the first item. */
const totalOf = (def: InstrumentDefinition, n: number) => {
  let left = n;
  return Object.fromEntries(
    def.items.map((i) => {
      const max = Math.max(...i.answers.map((a) => a.value));
      const v = Math.min(max, left);
      left -= v;
      return [i.id, v];
    }),
  );
};

describe('PHQ-9', () => {
  it('P1: all items 1 → 9, mild, item-9 flag on', () => {
    expect(scorePhq9(all(phq9, 1))).toMatchObject({ total: 9, band: 'mild', suicideRiskFlag: true });
  });
  it('P2: 10 with item 9 = 0 → moderate, no flag', () => {
    expect(scorePhq9({ ...totalOf(phq9, 10), self_harm: 0 })).toMatchObject({ total: 10, band: 'moderate', suicideRiskFlag: false });
  });
  it('band boundaries', () => {
    expect([4, 5, 9, 10, 14, 15, 19, 20, 27].map((n) => scoreInstrument(phq9, totalOf(phq9, n)).band)).toEqual([
      'minimal',
      'mild',
      'mild',
      'moderate',
      'moderate',
      'moderately severe',
      'moderately severe',
      'severe',
      'severe',
    ]);
  });
  it('codes the total 44261-6 and the panel 44249-1, never the total under the panel code', () => {
    expect(phq9.code.code).toBe('44261-6');
    expect(toQuestionnaire(phq9).code?.[0].code).toBe('44249-1');
    expect(toQuestionnaire(phq9).item?.[8].code?.[0].code).toBe('44260-8');
  });
});

describe('GAD-7', () => {
  it('bands at 5, 10, 15 and LOINC 70274-6 / 69737-5', () => {
    expect([4, 5, 9, 10, 14, 15, 21].map((n) => scoreInstrument(gad7, totalOf(gad7, n)).band)).toEqual([
      'minimal',
      'mild',
      'mild',
      'moderate',
      'moderate',
      'severe',
      'severe',
    ]);
    expect(gad7.code.code).toBe('70274-6');
    expect(gad7.panelCode?.code).toBe('69737-5');
    expect(gad7.items.map((i) => i.code?.code)).toEqual(['69725-0', '68509-9', '69733-4', '69734-2', '69735-9', '69689-8', '69736-7']);
  });
});

describe('PCL-5', () => {
  it('cluster rule met with a total below the cut-point, reported separately (clinical.md §4.3)', () => {
    const items = [2, 0, 0, 0, 0, 0, 3, 2, 2, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0];
    const r = scorePcl5(Object.fromEntries(items.map((v, i) => [`item${i + 1}`, v])));
    expect(r).toMatchObject({ total: 13, clusterRuleMet: true, aboveCutPoint: false, cutPoint: 33 });
  });
  it('uses a configurable cut-point (33 default, 38 in older guidance)', () => {
    const form = totalOf(pcl5, 35);
    expect(scorePcl5(form).aboveCutPoint).toBe(true);
    expect(scorePcl5(form, { cutPoint: 38 }).aboveCutPoint).toBe(false);
    expect(scorePcl5(totalOf(pcl5, 32)).aboveCutPoint).toBe(false);
    expect(scorePcl5(totalOf(pcl5, 33)).aboveCutPoint).toBe(true);
  });
  it('needs two D and two E items', () => {
    const items = [2, 0, 0, 0, 0, 2, 0, 2, 0, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0];
    expect(scorePcl5(Object.fromEntries(items.map((v, i) => [`item${i + 1}`, v]))).clusterRuleMet).toBe(false);
    expect(pcl5.code.system).toBe('urn:waypoint:instrument');
    expect(range(pcl5)).toEqual({ min: 0, max: 80 });
  });
});

describe('C-SSRS screener', () => {
  const no = { wish_dead: false, suicidal_thoughts: false, behavior: false };
  it('maps the most severe yes to exactly three levels', () => {
    expect(screenCssrs(no).risk).toBe('none');
    expect(screenCssrs({ ...no, wish_dead: true }).risk).toBe('low');
    expect(screenCssrs({ ...no, suicidal_thoughts: true, method: false, intent: false, plan: false }).risk).toBe('low');
    expect(screenCssrs({ ...no, suicidal_thoughts: true, method: true, intent: false, plan: false }).risk).toBe('moderate');
    expect(screenCssrs({ ...no, behavior: true, behavior_recent: false }).risk).toBe('moderate');
    expect(screenCssrs({ ...no, suicidal_thoughts: true, method: true, intent: true, plan: false }).risk).toBe('high');
    expect(screenCssrs({ ...no, suicidal_thoughts: true, method: false, intent: false, plan: true }).risk).toBe('high');
    expect(screenCssrs({ ...no, behavior: true, behavior_recent: true }).risk).toBe('high');
  });
  it('follows the skip logic and refuses a missing answer', () => {
    expect(() => screenCssrs({ ...no, suicidal_thoughts: true })).toThrow(/method/);
    expect(() => screenCssrs({ ...no, method: true })).toThrow(/skipped/);
    expect(() => screenCssrs({ ...no, behavior: true })).toThrow(/behavior_recent/);
    expect(() => screenCssrs({ wish_dead: false, behavior: false } as never)).toThrow(/suicidal_thoughts/);
  });
});

describe('MDQ', () => {
  const seven = [...Array(7).fill(true), ...Array(6).fill(false)];
  it('needs 7 yes, the same period and a moderate or serious problem', () => {
    expect(screenMdq({ symptoms: seven, samePeriod: true, problem: 'minor' }).positive).toBe(false);
    expect(screenMdq({ symptoms: seven, samePeriod: true, problem: 'moderate' }).positive).toBe(true);
    expect(screenMdq({ symptoms: seven, samePeriod: false, problem: 'serious' }).positive).toBe(false);
    expect(screenMdq({ symptoms: [...Array(6).fill(true), ...Array(7).fill(false)], samePeriod: true, problem: 'serious' }).positive).toBe(false);
    expect(() => screenMdq({ symptoms: [true], samePeriod: true, problem: 'serious' })).toThrow(/13/);
    expect(() => screenMdq({ symptoms: seven, samePeriod: true, problem: 'huge' as never })).toThrow(/problem/);
  });
});

describe('AUDIT-C', () => {
  it('is positive at 4 for men and 3 for women', () => {
    const three = { frequency: 2, typical_quantity: 1, heavy_episodes: 0 };
    expect(scoreAuditC(three, 'female').positive).toBe(true);
    expect(scoreAuditC(three, 'male').positive).toBe(false);
    expect(scoreAuditC({ ...three, heavy_episodes: 1 }, 'male').positive).toBe(true);
    expect(() => scoreAuditC(three, 'x' as never)).toThrow(/sex/);
  });
});

describe('DAST-10', () => {
  it('reverse-scores item 3: yes to 1, 2, 5 and yes to 3 → 3, moderate', () => {
    const yes = {
      nonmedical_use: true,
      polydrug: true,
      able_to_stop: true,
      blackouts: false,
      guilt: true,
      complaints: false,
      neglect: false,
      illegal_activities: false,
      withdrawal: false,
      medical_problems: false,
    };
    expect(scoreInstrument(dast10, dast10Scores(yes))).toMatchObject({ total: 3, band: 'moderate' });
    expect(scoreInstrument(dast10, dast10Scores({ ...yes, able_to_stop: false }))).toMatchObject({ total: 4 });
    expect(() => scoreInstrument(dast10, { ...dast10Scores(yes), polydrug: 2 })).toThrow(/polydrug/);
  });
});

describe('BARC-10', () => {
  it('scores 1–6 per item (0 refused), 10–60, with the ≥ 47 remission threshold', () => {
    expect(range(barc10)).toEqual({ min: 10, max: 60 });
    expect(() => scoreInstrument(barc10, all(barc10, 0))).toThrow(/allowed/);
    const r = scoreBarc10({ ...all(barc10, 5), priorities: 2 });
    expect(r).toMatchObject({ total: 47, atOrAboveRemissionThreshold: true });
    expect(scoreBarc10({ ...all(barc10, 5), priorities: 1 }).atOrAboveRemissionThreshold).toBe(false);
  });
});

describe('BAM', () => {
  const answers = (over: Record<string, number> = {}) => ({
    item1: 2,
    item2: 5,
    item3: 4,
    item4: 3,
    item5: 1,
    item6: 10,
    item8: 3,
    item9: 4,
    item10: 12,
    item11: 2,
    item12: 3,
    item13: 20,
    item14: 2,
    item15: 1,
    item16: 15,
    item17: 3,
    ...over,
  });
  it('computes the Use, Risk and Protective subscales', () => {
    expect(scoreBam(answers())).toMatchObject({ use: 14, risk: 15 + 5 + 4 + 22.5 + 2 + 1, protective: 30 + 12 + 22.5 + 20 + 15 + 15, satisfaction: 3 });
  });
  it('refuses out-of-range days and ratings, naming the item', () => {
    expect(() => scoreBam(answers({ item6: 31 }))).toThrow(/item6/);
    expect(() => scoreBam(answers({ item8: 5 }))).toThrow(/item8/);
  });
  it('keeps the subscales in range for any valid answers', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 17, maxLength: 17 }), (days) => {
        const a = Object.fromEntries(days.map((d, i) => [`item${i + 1}`, [1, 8, 9, 12, 14, 17].includes(i + 1) ? d % 5 : d]));
        const r = scoreBam(a);
        expect(r.use).toBeLessThanOrEqual(90);
        expect(r.risk).toBeLessThanOrEqual(180);
        expect(r.protective).toBeLessThanOrEqual(180);
      }),
    );
  });
});

describe('forms scored by rules', () => {
  it('MDQ, BAM and the C-SSRS have FHIR Questionnaires with local codes', async () => {
    const { mdq } = await import('./mdq');
    const { bam } = await import('./bam');
    const { cssrs } = await import('./cssrs');
    expect(toQuestionnaire(mdq).item).toHaveLength(15);
    expect(toQuestionnaire(bam).item?.[1].answerOption).toHaveLength(31);
    expect(toQuestionnaire(cssrs).code?.[0].system).toBe('urn:waypoint:instrument');
  });
});

describe('every instrument', () => {
  it.each([phq9, gad7, pcl5, dast10, barc10])('%s never scores outside its range', (def) => {
    const { min, max } = range(def);
    fc.assert(
      fc.property(fc.tuple(...def.items.map((i) => fc.constantFrom(...i.answers.map((a) => a.value)))), (values) => {
        const s = scoreInstrument(def, Object.fromEntries(def.items.map((i, k) => [i.id, values[k]])));
        expect(s.total).toBeGreaterThanOrEqual(min);
        expect(s.total).toBeLessThanOrEqual(max);
      }),
    );
  });
});
