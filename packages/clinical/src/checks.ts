/**
 * The shape every medication, take-home and safety rule returns, so the server can turn a hard stop
 * into a 409 that names its override and a warning into a prompt for a reason.
 */
export type Severity = 'hard-stop' | 'warning';

/** Roles that may override a finding, with a recorded reason. Empty = no override allowed. */
export type OverrideRole = 'prescriber' | 'medical-director' | 'nurse' | 'program-sponsor';

export interface RuleFinding {
  /** Stable id, e.g. "methadone.day1-total". */
  ruleId: string;
  severity: Severity;
  message: string;
  /** Who may override with a reason; [] means it cannot be overridden. */
  overrideBy: OverrideRole[];
  /** Where the rule comes from (short citation, from reference/clinical.md). */
  source: string;
}

export function hasHardStop(findings: readonly RuleFinding[]): boolean {
  return findings.some((f) => f.severity === 'hard-stop');
}
