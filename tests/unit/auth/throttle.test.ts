import { describe, expect, it } from "vitest";
import { LoginThrottle } from "@/lib/auth/login-throttle";
import { rateLimitedError, rateLimitedMinutes } from "@/lib/auth/login-errors";
import { SlidingWindowLimiter } from "@/lib/rate-limit/sliding-window";

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("SlidingWindowLimiter", () => {
  it("allows each key its limit within the window, then says how long to wait", () => {
    const time = clock(0);
    const limiter = new SlidingWindowLimiter(60_000, time.now);
    const keys = [{ key: "visitor:a", limit: 2 }];
    expect(limiter.take(keys)).toEqual({ ok: true });
    time.advance(10_000);
    expect(limiter.take(keys)).toEqual({ ok: true });
    time.advance(10_000);
    expect(limiter.take(keys)).toEqual({ ok: false, retryAfterS: 40 });
    time.advance(40_001);
    expect(limiter.take(keys)).toEqual({ ok: true });
  });

  it("counts every key and refuses when any is spent, without counting the refused attempt", () => {
    const limiter = new SlidingWindowLimiter(60_000);
    const address = { key: "address:1.2.3.4", limit: 3 };
    for (const visitor of ["a", "b", "c"]) expect(limiter.take([{ key: `visitor:${visitor}`, limit: 2 }, address]).ok).toBe(true);
    expect(limiter.take([{ key: "visitor:d", limit: 2 }, address]).ok).toBe(false);
    expect(limiter.take([{ key: "visitor:d", limit: 2 }]).ok).toBe(true);
  });

  it("forgets a key on reset", () => {
    const limiter = new SlidingWindowLimiter(60_000);
    limiter.record(["a"]);
    expect(limiter.retryAfterMs([{ key: "a", limit: 1 }])).toBeGreaterThan(0);
    limiter.reset("a");
    expect(limiter.retryAfterMs([{ key: "a", limit: 1 }])).toBe(0);
  });
});

describe("LoginThrottle", () => {
  it("locks an e-mail after the allowed failures, whatever its case, until the window passes", () => {
    const time = clock();
    const throttle = new LoginThrottle(2, 15 * 60_000, time.now);
    throttle.failed("Admin@Uni.ru", "10.0.0.1");
    expect(throttle.retryAfterMs("admin@uni.ru", "10.0.0.2")).toBe(0);
    throttle.failed("admin@uni.ru", "10.0.0.2");
    expect(throttle.retryAfterMs("ADMIN@uni.ru", "10.0.0.3")).toBe(15 * 60_000);
    time.advance(15 * 60_000 + 1);
    expect(throttle.retryAfterMs("admin@uni.ru", "10.0.0.3")).toBe(0);
  });

  it("locks an address that guesses many accounts, and a success clears the account's count", () => {
    const throttle = new LoginThrottle(2, 60_000);
    for (let i = 0; i < 10; i++) throttle.failed(`user${i}@uni.ru`, "10.0.0.9");
    expect(throttle.retryAfterMs("someone@uni.ru", "10.0.0.9")).toBeGreaterThan(0);
    expect(throttle.retryAfterMs("someone@uni.ru", "10.0.0.10")).toBe(0);
    throttle.failed("a@uni.ru", "1.1.1.1");
    throttle.succeeded("a@uni.ru");
    throttle.failed("a@uni.ru", "1.1.1.1");
    expect(throttle.retryAfterMs("a@uni.ru", "2.2.2.2")).toBe(0);
  });

  it("carries the wait to the sign-in form in whole minutes", () => {
    expect(rateLimitedMinutes(rateLimitedError(61_000).message)).toBe(2);
    expect(rateLimitedMinutes(rateLimitedError(1).message)).toBe(1);
    expect(rateLimitedMinutes("CredentialsSignin")).toBeNull();
    expect(rateLimitedMinutes(undefined)).toBeNull();
  });
});
