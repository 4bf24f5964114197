import { describe, expect, it } from "vitest";
import { RateLimiter } from "@/lib/chat/rate-limit";

describe("RateLimiter", () => {
  it("allows the limit within a sliding window, then says how long to wait", () => {
    let now = 0;
    const limiter = new RateLimiter(60_000, () => now);
    const keys = [{ key: "visitor:a", limit: 2 }];
    expect(limiter.take(keys)).toEqual({ ok: true });
    now = 10_000;
    expect(limiter.take(keys)).toEqual({ ok: true });
    now = 20_000;
    expect(limiter.take(keys)).toEqual({ ok: false, retryAfterS: 40 });
    now = 60_001;
    expect(limiter.take(keys)).toEqual({ ok: true });
  });

  it("counts every key and refuses when any is spent, without counting the refused attempt", () => {
    const now = 0;
    const limiter = new RateLimiter(60_000, () => now);
    const address = { key: "address:1.2.3.4", limit: 3 };
    expect(limiter.take([{ key: "visitor:a", limit: 2 }, address]).ok).toBe(true);
    expect(limiter.take([{ key: "visitor:b", limit: 2 }, address]).ok).toBe(true);
    expect(limiter.take([{ key: "visitor:c", limit: 2 }, address]).ok).toBe(true);
    expect(limiter.take([{ key: "visitor:d", limit: 2 }, address]).ok).toBe(false);
    expect(limiter.take([{ key: "visitor:d", limit: 2 }]).ok).toBe(true);
  });
});
