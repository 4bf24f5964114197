import type { Config } from "@/lib/config/load";
import { addressKey, UNKNOWN_ADDRESS } from "@/lib/http/client-address";
import type { Limit, RateDecision, SharedLimiter } from "@/lib/rate-limit/shared-limiter";

/** Guessing from one address is allowed this many times more attempts than guessing one account. */
const ADDRESS_FACTOR = 5;
/** Each step of the backoff allows twice the attempts over four times the window. */
const BACKOFF_STEPS = 3;

/**
 * Sign-in attempts, counted per client address and per address and e-mail, in PostgreSQL so every
 * app instance shares them. An attempt is counted before its password is checked, so concurrent
 * guesses cannot slip past the count and a refused attempt costs no hashing. Nothing is counted
 * per e-mail alone: a guesser elsewhere must not be able to lock the owner of an account out.
 * Repeated lockouts wait longer (the wider windows of later backoff steps).
 */
export class LoginThrottle {
  constructor(
    private readonly limiter: SharedLimiter,
    private readonly maxAttempts: number,
    private readonly windowMs: number,
  ) {}

  static fromConfig(limiter: SharedLimiter, config: Config): LoginThrottle {
    return new LoginThrottle(limiter, config.LOGIN_MAX_ATTEMPTS, config.LOGIN_WINDOW_MINUTES * 60_000);
  }

  private steps(key: string, limit: number, steps: number): Limit[] {
    return Array.from({ length: steps }, (_, step) => ({ key: `${key}:${step}`, limit: limit * 2 ** step, windowMs: this.windowMs * 4 ** step }));
  }

  private accountLimits(email: string, address: string): Limit[] {
    return this.steps(`login:${addressKey(address)}:${email.toLowerCase()}`, this.maxAttempts, BACKOFF_STEPS);
  }

  private addressLimits(address: string): Limit[] {
    // Without a known address (a server that does not stamp the peer) every client shares one
    // bucket, and a limit on it would let anyone shut every sign-in out.
    if (address === UNKNOWN_ADDRESS) return [];
    return this.steps(`login:${addressKey(address)}`, this.maxAttempts * ADDRESS_FACTOR, BACKOFF_STEPS - 1);
  }

  /** Counts an attempt, or refuses it (with the wait) when the address or the pair is over a limit. */
  attempt(email: string, address: string): Promise<RateDecision> {
    return this.limiter.take([...this.accountLimits(email, address), ...this.addressLimits(address)]);
  }

  /** The right password: the account starts afresh from this address, and the address gets its attempt back. */
  async succeeded(email: string, address: string): Promise<void> {
    await this.limiter.reset(this.accountLimits(email, address).map((limit) => limit.key));
    await this.limiter.release(this.addressLimits(address));
  }
}
