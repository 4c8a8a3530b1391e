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
  /**
   * Set when an allowed role overrode the finding with a reason: the finding still comes back, so
   * the record shows what was overridden, by whom and why.
   */
  overridden?: FindingOverride;
}

/** Who overrode a finding and why (the reason is what the record keeps). */
export interface FindingOverride {
  role: OverrideRole;
  /** The user (id or name) who overrode; null when the caller did not say. */
  by: string | null;
  reason: string | null;
}

/**
 * Marks the findings this override may lift (its role is in their overrideBy); the others stand.
 * Nothing is removed: an overridden finding stays in the list, marked.
 */
export function applyOverride(findings: readonly RuleFinding[], override: FindingOverride | null | undefined): RuleFinding[] {
  return findings.map((f) => (override && f.overrideBy.includes(override.role) ? { ...f, overridden: override } : f));
}

/** Findings that still stand: not overridden. */
export function standing(findings: readonly RuleFinding[]): RuleFinding[] {
  return findings.filter((f) => !f.overridden);
}

/** A hard stop nobody has overridden. */
export function hasHardStop(findings: readonly RuleFinding[]): boolean {
  return findings.some((f) => f.severity === 'hard-stop' && !f.overridden);
}
