import type { LevelOfCare } from '../care/levels';
import { dimensionLabels, validateRatings, type PlacementEngine, type PlacementInput, type PlacementSuggestion } from './engine';

/**
 * Waypoint's own placement rules: a documented, conservative starting point for the clinician, not
 * the ASAM Criteria text and not a substitute for them. The first rule that applies sets the level:
 *
 * 1. Withdrawal rated 3–4 → withdrawal management (24-hour supervised); 4 also flags hospital-level care.
 * 2. Biomedical or emotional rated 4 → refer beyond the program (hospital or psychiatric inpatient);
 *    suggest residential meanwhile.
 * 3. Biomedical or emotional rated 3, or relapse AND environment both ≥ 3 → residential.
 * 4. Relapse or environment rated 3 → partial hospitalization.
 * 5. Any dimension rated 2 → intensive outpatient.
 * 6. Otherwise outpatient; with methadone, the opioid treatment program.
 * Readiness alone never raises the level (engagement work happens at any level).
 */
export const waypointPlacementRules: PlacementEngine = {
  id: 'waypoint-1',
  description: 'Waypoint placement rules v1 (documented in packages/clinical/src/placement/waypoint-rules.ts)',
  suggest(input: PlacementInput): PlacementSuggestion {
    const r = validateRatings(input.ratings);
    const reasons: string[] = [];
    const refer: string[] = [];
    const high = (d: keyof typeof r, at: number) => r[d] >= at;
    const say = (d: keyof typeof r) => `${dimensionLabels[d]} rated ${r[d]}`;
    let level: LevelOfCare;
    if (high('withdrawal', 3)) {
      level = 'withdrawal_management';
      reasons.push(`${say('withdrawal')}: withdrawal needs 24-hour supervision`);
      if (r.withdrawal === 4) refer.push('Severe withdrawal risk: consider medically managed inpatient (hospital) withdrawal');
    } else if (r.biomedical === 4 || r.emotional === 4) {
      level = 'residential';
      if (r.biomedical === 4) refer.push(`${say('biomedical')}: needs hospital-level medical care`);
      if (r.emotional === 4) refer.push(`${say('emotional')}: needs psychiatric evaluation or inpatient care`);
      reasons.push('Residential care until the referral is settled');
    } else if (high('biomedical', 3) || high('emotional', 3) || (high('relapse', 3) && high('environment', 3))) {
      level = 'residential';
      for (const d of ['biomedical', 'emotional'] as const) if (high(d, 3)) reasons.push(`${say(d)}: needs 24-hour structure`);
      if (high('relapse', 3) && high('environment', 3))
        reasons.push(`${say('relapse')} with ${say('environment').toLowerCase()}: home is not yet safe for recovery`);
    } else if (high('relapse', 3) || high('environment', 3)) {
      level = 'partial_hospitalization';
      for (const d of ['relapse', 'environment'] as const) if (high(d, 3)) reasons.push(`${say(d)}: daily structured treatment`);
    } else if (Object.values(r).some((v) => v === 2)) {
      level = 'intensive_outpatient';
      for (const [d, v] of Object.entries(r)) if (v === 2) reasons.push(`${say(d as keyof typeof r)}: several sessions a week`);
    } else {
      level = input.medicationForOud === 'methadone' ? 'opioid_treatment_program' : 'outpatient';
      reasons.push('No dimension rated above 1: outpatient care');
      if (input.medicationForOud === 'methadone') reasons.push('Methadone for OUD is dispensed only by an opioid treatment program');
    }
    if (input.medicationForOud && level !== 'opioid_treatment_program') reasons.push(`Continue ${input.medicationForOud} at this level`);
    if (r.readiness >= 3) reasons.push(`${say('readiness')}: plan motivational work; it does not change the level`);
    return { level, reasons, referBeyondProgram: refer, engine: 'waypoint-1' };
  },
};
