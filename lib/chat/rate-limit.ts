export type RateDecision = { ok: true } | { ok: false; retryAfterS: number };

/**
 * Sliding-window limiter kept in process memory: each key may act `limit` times in any window.
 * One app process serves a deployment here; several processes would each allow the limit.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private calls = 0;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one action against every key (each with its own limit) unless one of them is spent. */
  take(keys: { key: string; limit: number }[]): RateDecision {
    const now = this.now();
    if (++this.calls % 1000 === 0) this.sweep(now);
    let retryAfterMs = 0;
    for (const { key, limit } of keys) {
      const recent = this.recent(key, now);
      if (recent.length >= limit) retryAfterMs = Math.max(retryAfterMs, recent[recent.length - limit] + this.windowMs - now);
    }
    if (retryAfterMs > 0) return { ok: false, retryAfterS: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
    for (const { key } of keys) this.recent(key, now).push(now);
    return { ok: true };
  }

  private recent(key: string, now: number): number[] {
    const kept = (this.hits.get(key) ?? []).filter((at) => at > now - this.windowMs);
    this.hits.set(key, kept);
    return kept;
  }

  // Drops keys with no recent hits so one-off visitors do not accumulate.
  private sweep(now: number) {
    for (const [key, times] of this.hits) if (times.every((at) => at <= now - this.windowMs)) this.hits.delete(key);
  }
}
