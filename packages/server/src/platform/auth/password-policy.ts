import fs from 'node:fs';
import { passwordRule } from './passwords';

let common: Set<string> | undefined;
/** The shipped list of common passwords (common-passwords.txt, MIT), loaded once. */
function commonPasswords(): Set<string> {
  common ??= new Set(
    fs
      .readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#')),
  );
  return common;
}

export interface PasswordProblem {
  rule: 'length' | 'not-blank' | 'not-common' | 'not-personal';
  message: string;
}

/**
 * The password policy (security.md A): 12 to 200 characters, not only spaces, not a common password
 * (nor one with digits or symbols stuck on either end), and not containing the user's e-mail name
 * or a part of their name. Returns the first problem, or null.
 */
export function passwordProblem(password: string, who: { email?: string | null; displayName?: string | null }): PasswordProblem | null {
  if (password.length < passwordRule.min || password.length > passwordRule.max)
    return { rule: 'length', message: `password: ${passwordRule.min} to ${passwordRule.max} characters.` };
  if (password.trim().length === 0) return { rule: 'not-blank', message: 'password: must not be only spaces.' };
  const lower = password.normalize('NFKC').toLowerCase();
  const squeezed = lower.replace(/\s+/g, '');
  const core = squeezed.replace(/^[\d\W_]+|[\d\W_]+$/g, '');
  const list = commonPasswords();
  if (list.has(lower) || list.has(squeezed) || core.length === 0 || list.has(core) || /^(.{1,4})\1+$/.test(squeezed)) {
    return { rule: 'not-common', message: 'password: this is a commonly used password; choose a less guessable one (a few unrelated words work well).' };
  }
  const local = who.email?.split('@')[0]?.toLowerCase() ?? '';
  const names = (who.displayName ?? '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((n) => n.length >= 3);
  if ((local.length >= 3 && lower.includes(local)) || names.some((n) => lower.includes(n))) {
    return { rule: 'not-personal', message: 'password: must not contain your e-mail name or your name.' };
  }
  return null;
}
