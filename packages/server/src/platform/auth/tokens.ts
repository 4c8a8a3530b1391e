import { createHash, randomBytes } from 'node:crypto';

/** Session cookies and bearer tokens are 256-bit random; only their SHA-256 is stored. */
export function newToken(prefix: 'wps' | 'wpt' | 'wpd'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
