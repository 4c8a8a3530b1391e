import { Secret, TOTP } from 'otpauth';

// RFC 6238 TOTP, 30-second steps, 6 digits; one step of drift either way is accepted.
function totp(secret: string, label: string): TOTP {
  return new TOTP({ issuer: 'Waypoint', label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secret: string, label: string): string {
  return totp(secret, label).toString();
}

export function verifyTotp(secret: string, code: string, now: Date): boolean {
  return totpStep(secret, code, now) !== null;
}

/**
 * The 30-second time-step the code belongs to, or null when it is not right. A code is accepted
 * once: the caller refuses a step at or before the last one used (RFC 6238 §5.2).
 */
export function totpStep(secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secret, 'x').validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : Math.floor(now.getTime() / 30_000) + delta;
}

/** For tests and the demo: the code an authenticator would show now. */
export function currentTotp(secret: string, now: Date): string {
  return totp(secret, 'x').generate({ timestamp: now.getTime() });
}
