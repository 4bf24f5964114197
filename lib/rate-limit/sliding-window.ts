/**
 * Counts events per key over a sliding window, in memory. Enough for one app instance; each
 * instance of a scaled-out deployment keeps its own counts.
 */
export class SlidingWindow {
  private readonly events = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const kept = (this.events.get(key) ?? []).filter((at) => at > since);
    if (kept.length === 0) this.events.delete(key);
    else this.events.set(key, kept);
    return kept;
  }

  /** Milliseconds until the key is below its limit again; 0 when it already is. */
  retryAfterMs(key: string): number {
    const kept = this.recent(key);
    if (kept.length < this.limit) return 0;
    return kept[kept.length - this.limit] + this.windowMs - this.now();
  }

  record(key: string): void {
    if (this.events.size > 10_000) this.sweep();
    this.events.set(key, [...this.recent(key), this.now()]);
  }

  /** Records an event if the key is within its limit; otherwise says how long to wait. */
  take(key: string): { allowed: true } | { allowed: false; retryAfterMs: number } {
    const retryAfterMs = this.retryAfterMs(key);
    if (retryAfterMs > 0) return { allowed: false, retryAfterMs };
    this.record(key);
    return { allowed: true };
  }

  reset(key: string): void {
    this.events.delete(key);
  }

  private sweep(): void {
    for (const key of [...this.events.keys()]) this.recent(key);
  }
}
