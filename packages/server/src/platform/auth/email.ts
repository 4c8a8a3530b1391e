/**
 * One account per address, whatever its case or Unicode form (security.md A.1): addresses are stored
 * and compared in NFKC, lower case.
 */
export function normalizeEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}
