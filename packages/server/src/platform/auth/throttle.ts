/**
 * Failed sign-ins per source address in a sliding window (security.md A): past the limit the
 * address is refused with 429 until the window moves on. Per-account lockout lives on the user row.
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
