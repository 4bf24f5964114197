import type { Config } from "@/lib/config/load";
import { SlidingWindowLimiter } from "@/lib/rate-limit/sliding-window";

/** Guessing from one address is allowed this many times more failures than guessing one account. */
const IP_FACTOR = 5;

/**
 * Failed sign-ins counted per e-mail and per client address. While either is over its limit,
 * sign-in is refused before the password is checked, so guessing gains nothing.
 */
export class LoginThrottle {
  private readonly failures: SlidingWindowLimiter;

  constructor(
    private readonly maxAttempts: number,
    windowMs: number,
    now?: () => number,
  ) {
    this.failures = new SlidingWindowLimiter(windowMs, now);
  }

  static fromConfig(config: Config): LoginThrottle {
    return new LoginThrottle(config.LOGIN_MAX_ATTEMPTS, config.LOGIN_WINDOW_MINUTES * 60_000);
  }

  private keys(email: string, ip: string) {
    return [
      { key: `email:${email.toLowerCase()}`, limit: this.maxAttempts },
      { key: `ip:${ip}`, limit: this.maxAttempts * IP_FACTOR },
    ];
  }

  /** Milliseconds to wait before another attempt; 0 when allowed. */
  retryAfterMs(email: string, ip: string): number {
    return this.failures.retryAfterMs(this.keys(email, ip));
  }

  failed(email: string, ip: string): void {
    this.failures.record(this.keys(email, ip).map((k) => k.key));
  }

  succeeded(email: string): void {
    this.failures.reset(`email:${email.toLowerCase()}`);
  }
}
