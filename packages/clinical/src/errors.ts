/**
 * Wrong input to a clinical rule. Names the item and what is allowed; nothing is silently coerced.
 * The server turns it into a 422 problem+json with `field` and `rule`.
 */
export class ClinicalInputError extends Error {
  readonly field: string;
  readonly rule: string;
  readonly allowed?: readonly (string | number)[] | string;

  constructor(field: string, rule: string, message: string, allowed?: readonly (string | number)[] | string) {
    super(message);
    this.name = 'ClinicalInputError';
    this.field = field;
    this.rule = rule;
    this.allowed = allowed;
  }
}
