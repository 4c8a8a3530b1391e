import { ClinicalInputError } from '../errors';
import { scoreInstrument, type InstrumentDefinition, type InstrumentScore } from './definition';

// COWS, Wesson & Ling, J Psychoactive Drugs 2003;35(2):253-259 (clinical.md §1.1). Allowed scores are
// not contiguous. No LOINC code is confirmed (72514-3 is pain severity, not COWS): local code.
export const cows: InstrumentDefinition = {
  id: 'cows',
  name: 'Clinical Opiate Withdrawal Scale (COWS)',
  code: { system: 'urn:waypoint:instrument', code: 'cows', display: 'Clinical Opiate Withdrawal Scale total' },
  source: 'Wesson & Ling 2003 [S1]; TIP 45 [S2]',
  items: [
    {
      id: 'pulse',
      label: 'Resting pulse',
      answers: [
        { value: 0, label: '80 or below' },
        { value: 1, label: '81–100' },
        { value: 2, label: '101–120' },
        { value: 4, label: 'over 120' },
      ],
    },
    {
      id: 'sweating',
      label: 'Sweating (last ½ hour)',
      answers: [
        { value: 0, label: 'No chills or flushing' },
        { value: 1, label: 'Reports chills or flushing' },
        { value: 2, label: 'Flushed or moist face' },
        { value: 3, label: 'Beads of sweat' },
        { value: 4, label: 'Sweat streaming' },
      ],
    },
    {
      id: 'restlessness',
      label: 'Restlessness',
      answers: [
        { value: 0, label: 'Sits still' },
        { value: 1, label: 'Hard to sit still, manages' },
        { value: 3, label: 'Frequent shifting' },
        { value: 5, label: 'Cannot sit still' },
      ],
    },
    {
      id: 'pupil',
      label: 'Pupil size',
      answers: [
        { value: 0, label: 'Pinned or normal' },
        { value: 1, label: 'Possibly larger' },
        { value: 2, label: 'Moderately dilated' },
        { value: 5, label: 'Only rim of iris' },
      ],
    },
    {
      id: 'bone_joint_aches',
      label: 'Bone or joint aches',
      answers: [
        { value: 0, label: 'None' },
        { value: 1, label: 'Mild diffuse' },
        { value: 2, label: 'Severe diffuse' },
        { value: 4, label: 'Rubbing joints, cannot sit still' },
      ],
    },
    {
      id: 'runny_nose_tearing',
      label: 'Runny nose or tearing',
      answers: [
        { value: 0, label: 'None' },
        { value: 1, label: 'Stuffy or moist eyes' },
        { value: 2, label: 'Running or tearing' },
        { value: 4, label: 'Constant running, streaming tears' },
      ],
    },
    {
      id: 'gi_upset',
      label: 'GI upset (last ½ hour)',
      answers: [
        { value: 0, label: 'None' },
        { value: 1, label: 'Cramps' },
        { value: 2, label: 'Nausea or loose stool' },
        { value: 3, label: 'Vomiting or diarrhoea' },
        { value: 5, label: 'Several episodes' },
      ],
    },
    {
      id: 'tremor',
      label: 'Tremor (hands outstretched)',
      answers: [
        { value: 0, label: 'None' },
        { value: 1, label: 'Felt, not seen' },
        { value: 2, label: 'Slight, visible' },
        { value: 4, label: 'Gross tremor or twitching' },
      ],
    },
    {
      id: 'yawning',
      label: 'Yawning',
      answers: [
        { value: 0, label: 'None' },
        { value: 1, label: 'Once or twice' },
        { value: 2, label: 'Three or more times' },
        { value: 4, label: 'Several times a minute' },
      ],
    },
    {
      id: 'anxiety_irritability',
      label: 'Anxiety or irritability',
      answers: [
        { value: 0, label: 'None' },
        { value: 1, label: 'Reports it' },
        { value: 2, label: 'Obviously' },
        { value: 4, label: 'Hard to take part' },
      ],
    },
    {
      id: 'gooseflesh',
      label: 'Gooseflesh',
      answers: [
        { value: 0, label: 'Smooth' },
        { value: 3, label: 'Felt, or hairs up' },
        { value: 5, label: 'Prominent' },
      ],
    },
  ],
  // 0–4 has no label on the form: "below mild", not "mild" (a common bug, clinical.md §1.1).
  bands: [
    { min: 0, max: 4, label: 'below mild' },
    { min: 5, max: 12, label: 'mild' },
    { min: 13, max: 24, label: 'moderate' },
    { min: 25, max: 36, label: 'moderately severe' },
    { min: 37, max: 48, label: 'severe' },
  ],
};

/** COWS item 1 from a resting rate: ≤80 → 0; 81–100 → 1; 101–120 → 2; >120 → 4. */
export function cowsPulseScore(bpm: number): 0 | 1 | 2 | 4 {
  if (!Number.isInteger(bpm) || bpm < 20 || bpm > 250)
    throw new ClinicalInputError('pulseBpm', 'plausible-rate', `pulseBpm: ${bpm} is not a plausible resting pulse (20–250, whole beats).`, '20-250');
  if (bpm <= 80) return 0;
  if (bpm <= 100) return 1;
  if (bpm <= 120) return 2;
  return 4;
}

/** Scores a COWS; when a measured pulse is given it sets item 1 (and must not contradict it). */
export function scoreCows(items: Record<string, unknown>, pulseBpm?: number): InstrumentScore {
  if (pulseBpm === undefined) return scoreInstrument(cows, items);
  const fromRate = cowsPulseScore(pulseBpm);
  if (items.pulse !== undefined && items.pulse !== fromRate) {
    throw new ClinicalInputError('pulse', 'matches-rate', `pulse: scored ${String(items.pulse)} but a rate of ${pulseBpm} scores ${fromRate}.`, [fromRate]);
  }
  return scoreInstrument(cows, { ...items, pulse: fromRate });
}
