import type { PrismaClient } from "@/lib/generated/prisma/client";

/** At most `limit` events per `windowMs` (a sliding window) under `key`. */
export type Limit = { key: string; limit: number; windowMs: number };
export type RateDecision = { ok: true } | { ok: false; retryAfterS: number };

/**
 * Rate limits every app instance shares: counts live in PostgreSQL and one decision over several
 * keys is one atomic statement (rate_limit_take, in the public_internet migration), so two
 * instances cannot both let the last event through, and a limit holds however requests are
 * spread over servers.
 */
export class SharedLimiter {
  constructor(
    private readonly db: PrismaClient,
    private readonly now: () => number = Date.now,
  ) {}

  private async run(limits: Limit[], cost: number): Promise<RateDecision> {
    if (limits.length === 0) return { ok: true };
    const rows = await this.db.$queryRaw<{ wait: bigint }[]>`
      SELECT rate_limit_take(
        ${limits.map((l) => l.key)}::text[],
        ${limits.map((l) => l.limit)}::int[],
        ${limits.map((l) => l.windowMs)}::bigint[],
        ${cost}::int,
        ${this.now()}::bigint) AS wait`;
    const waitMs = Number(rows[0].wait);
    return waitMs <= 0 ? { ok: true } : { ok: false, retryAfterS: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  /** Counts one event (of `cost`) against every key, unless one of them has no room: then none. */
  take(limits: Limit[], cost = 1): Promise<RateDecision> {
    return this.run(limits, cost);
  }

  /** Whether one more event would fit, counting nothing. */
  check(limits: Limit[]): Promise<RateDecision> {
    return this.run(limits, 0);
  }

  /** Gives back one event counted in the current window (an attempt that turned out legitimate). */
  async release(limits: Limit[]): Promise<void> {
    const now = this.now();
    for (const { key, windowMs } of limits) {
      await this.db.$executeRaw`
        UPDATE "RateLimitWindow" SET "count" = greatest(0, "count" - 1)
        WHERE "key" = ${key} AND "window" = ${Math.floor(now / windowMs)}::bigint`;
    }
  }

  /** Forgets every count under these keys. */
  async reset(keys: string[]): Promise<void> {
    await this.db.$executeRaw`DELETE FROM "RateLimitWindow" WHERE "key" = ANY(${keys}::text[])`;
  }
}

/**
 * Deletes the windows no limit reads any more (two window lengths old). Takes sweep now and then
 * too, but only when they let an event through; the worker's housekeeping calls this so a flood of
 * refused requests under ever new keys cannot grow the table without bound.
 */
export function sweepExpiredLimits(db: PrismaClient): Promise<number> {
  return db.$executeRaw`DELETE FROM "RateLimitWindow" WHERE "expiresAt" < now()`;
}
