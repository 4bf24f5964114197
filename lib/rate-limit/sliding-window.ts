export type Limit = { key: string; limit: number };
export type RateDecision = { ok: true } | { ok: false; retryAfterS: number };

/**
 * Counts events per key over a sliding window, in process memory; each key has its own limit.
 * Enough for one app instance: each instance of a scaled-out deployment keeps its own counts.
 */
export class SlidingWindowLimiter {
  private readonly events = new Map<string, number[]>();
  private calls = 0;

  constructor(
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string, now: number): number[] {
    const kept = (this.events.get(key) ?? []).filter((at) => at > now - this.windowMs);
    if (kept.length === 0) this.events.delete(key);
    else this.events.set(key, kept);
    return kept;
  }

  /** Milliseconds until every key is below its limit again; 0 when all already are. */
  retryAfterMs(limits: Limit[]): number {
    const now = this.now();
    return Math.max(
      0,
      ...limits.map(({ key, limit }) => {
        const kept = this.recent(key, now);
        return kept.length < limit ? 0 : kept[kept.length - limit] + this.windowMs - now;
      }),
    );
  }

  record(keys: string[]): void {
    const now = this.now();
    // Drops keys with no recent events now and then, so one-off callers do not accumulate.
    if (++this.calls % 1000 === 0) for (const key of [...this.events.keys()]) this.recent(key, now);
    for (const key of keys) this.events.set(key, [...this.recent(key, now), now]);
  }

  /** Counts one event against every key unless one of them is spent; a refusal is not counted. */
  take(limits: Limit[]): RateDecision {
    const waitMs = this.retryAfterMs(limits);
    if (waitMs > 0) return { ok: false, retryAfterS: Math.max(1, Math.ceil(waitMs / 1000)) };
    this.record(limits.map((l) => l.key));
    return { ok: true };
  }

  reset(key: string): void {
    this.events.delete(key);
  }
}
