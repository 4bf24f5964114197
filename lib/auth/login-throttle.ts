import type { Config } from "@/lib/config/load";
import { SlidingWindow } from "@/lib/rate-limit/sliding-window";

/** Guessing from one address is allowed this many times more failures than guessing one account. */
const IP_FACTOR = 5;

/**
 * Failed sign-ins counted per e-mail and per client address. While either is over its limit,
 * sign-in is refused before the password is checked, so guessing gains nothing.
 */
export class LoginThrottle {
  private readonly byEmail: SlidingWindow;
  private readonly byIp: SlidingWindow;

  constructor(maxAttempts: number, windowMs: number, now?: () => number) {
    this.byEmail = new SlidingWindow(maxAttempts, windowMs, now);
    this.byIp = new SlidingWindow(maxAttempts * IP_FACTOR, windowMs, now);
  }

  static fromConfig(config: Config): LoginThrottle {
    return new LoginThrottle(config.LOGIN_MAX_ATTEMPTS, config.LOGIN_WINDOW_MINUTES * 60_000);
  }

  /** Milliseconds to wait before another attempt; 0 when allowed. */
  retryAfterMs(email: string, ip: string): number {
    return Math.max(this.byEmail.retryAfterMs(email.toLowerCase()), this.byIp.retryAfterMs(ip));
  }

  failed(email: string, ip: string): void {
    this.byEmail.record(email.toLowerCase());
    this.byIp.record(ip);
  }

  succeeded(email: string): void {
    this.byEmail.reset(email.toLowerCase());
  }
}
