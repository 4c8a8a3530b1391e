import { isProtectedLevel, type LevelOfCare } from '../care/levels';

/**
 * Overdose risk at a transition (clinical.md §9): tolerance falls in withdrawal management and
 * residential care, and when medication stops; the first two weeks after are the most dangerous
 * (Binswanger 2007; Cornish 2010; Strang 2003) [S40–S43]. The flag is raised when the patient leaves
 * withdrawal management (to any level: tolerance is low now), leaves residential care for home or a
 * less protected level, or stops medication — without naloxone in hand, or without medication offered.
 */
export interface Transition {
  fromLevel: LevelOfCare | null;
  /** null: leaving the program. */
  toLevel: LevelOfCare | null;
  stoppingMedication?: boolean;
  naloxoneGiven: boolean;
  medicationOffered: boolean;
}

export interface OverdoseRiskFlag {
  flag: boolean;
  reasons: string[];
  /** The high-risk window to watch, configurable (14 days default, 28 some programs). */
  windowDays: number;
  message: string | null;
}

export function overdoseRiskAtTransition(t: Transition, windowDays = 14): OverdoseRiskFlag {
  const leavingWithdrawal = t.fromLevel === 'withdrawal_management' && t.toLevel !== 'withdrawal_management';
  const leavingResidential = t.fromLevel === 'residential' && !isProtectedLevel(t.toLevel);
  const lossOfTolerance = leavingWithdrawal || leavingResidential || Boolean(t.stoppingMedication);
  const reasons = [!t.naloxoneGiven && 'no naloxone given', !t.medicationOffered && 'no medication for OUD offered'].filter((x): x is string => Boolean(x));
  const flag = lossOfTolerance && reasons.length > 0;
  const where = leavingWithdrawal ? 'withdrawal management' : leavingResidential ? 'residential care' : 'medication';
  return {
    flag,
    reasons: flag ? reasons : [],
    windowDays,
    message: flag
      ? `Overdose risk: ${t.stoppingMedication && !leavingWithdrawal && !leavingResidential ? 'stopping medication' : `left ${where}`} with lowered tolerance, ${reasons.join(' and ')}.`
      : null,
  };
}
