import type { LevelOfCare } from '@waypoint/clinical/care/levels';

/**
 * Overdose risk at a transition (issue 3 §7): leaving withdrawal management or residential care with
 * tolerance lowered, without naloxone in hand or without medication offered. Returns the alert
 * message, or null. Delegates to the clinical package's rule when it lands.
 */
export function overdoseRiskAtDischarge(t: { fromLevel: LevelOfCare; toLevel: LevelOfCare | null; naloxoneGiven: boolean; medicationOffered: boolean }): string | null {
  // Leaving withdrawal management always counts (tolerance is now low, issue 4 §7); leaving
  // residential counts when the patient goes home or to a less protected level.
  const leavingWithdrawal = t.fromLevel === 'withdrawal_management' && t.toLevel !== 'withdrawal_management';
  const leavingResidential = t.fromLevel === 'residential' && (t.toLevel === null || (t.toLevel !== 'withdrawal_management' && t.toLevel !== 'residential'));
  if (!leavingWithdrawal && !leavingResidential) return null;
  const missing = [!t.naloxoneGiven && 'no naloxone given', !t.medicationOffered && 'no medication for OUD offered'].filter(Boolean);
  if (missing.length === 0) return null;
  return `Overdose risk: left ${t.fromLevel === 'withdrawal_management' ? 'withdrawal management' : 'residential care'} with lowered tolerance, ${missing.join(' and ')}.`;
}
