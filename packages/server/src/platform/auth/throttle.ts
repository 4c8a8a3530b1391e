/**
 * Failed sign-ins per key in a sliding window (security.md A): past the limit the key is refused
 * with 429 until the window moves on. Sign-in keeps two: one per source address and one per account
 * (the e-mail typed, known or not). Per-account lockout also lives on the user row.
 */
export class SignInThrottle {
  private failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 20,
    private readonly windowMs = 15 * 60_000,
  ) {}

  isThrottled(ip: string, now: Date): boolean {
    return this.recent(ip, now).length >= this.limit;
  }

  /** Seconds until the oldest counted failure leaves the window (for Retry-After). */
  retryAfterSeconds(ip: string, now: Date): number {
    const oldest = this.recent(ip, now)[0];
    return oldest === undefined ? 0 : Math.max(1, Math.ceil((oldest + this.windowMs - now.getTime()) / 1000));
  }

  recordFailure(ip: string, now: Date): void {
    const list = this.recent(ip, now);
    list.push(now.getTime());
    this.failures.set(ip, list);
  }

  private recent(ip: string, now: Date): number[] {
    const since = now.getTime() - this.windowMs;
    return (this.failures.get(ip) ?? []).filter((t) => t > since);
  }
}

/** Per-account lockout: after this many consecutive failures, the account waits this long. */
export const accountLockout = { failures: 5, minutes: 15 };

/** Sign-in failures counted both per client address and per account (e-mail), each with its own limit. */
export class SignInThrottles {
  constructor(
    readonly byAddress = new SignInThrottle(20),
    readonly byAccount = new SignInThrottle(10),
  ) {}

  /** Seconds to wait when either the address or the account is throttled; 0 when neither. */
  retryAfter(ip: string, account: string, now: Date): number {
    const a = this.byAddress.isThrottled(ip, now) ? this.byAddress.retryAfterSeconds(ip, now) : 0;
    const b = this.byAccount.isThrottled(account, now) ? this.byAccount.retryAfterSeconds(account, now) : 0;
    return Math.max(a, b);
  }

  recordFailure(ip: string, account: string, now: Date): void {
    this.byAddress.recordFailure(ip, now);
    this.byAccount.recordFailure(account, now);
  }
}
