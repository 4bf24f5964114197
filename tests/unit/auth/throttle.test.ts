import { describe, expect, it } from "vitest";
import { LoginThrottle } from "@/lib/auth/login-throttle";
import { rateLimitedError, rateLimitedMinutes } from "@/lib/auth/login-errors";
import { SlidingWindow } from "@/lib/rate-limit/sliding-window";

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("SlidingWindow", () => {
  it("allows up to the limit within the window, then says how long to wait", () => {
    const time = clock();
    const window = new SlidingWindow(3, 60_000, time.now);
    expect([window.take("a"), window.take("a"), window.take("a")].every((r) => r.allowed)).toBe(true);
    time.advance(10_000);
    const refused = window.take("a");
    expect(refused).toEqual({ allowed: false, retryAfterMs: 50_000 });
    expect(window.take("b").allowed).toBe(true);
    time.advance(50_001);
    expect(window.take("a").allowed).toBe(true);
  });

  it("forgets a key on reset", () => {
    const window = new SlidingWindow(1, 60_000);
    window.record("a");
    expect(window.retryAfterMs("a")).toBeGreaterThan(0);
    window.reset("a");
    expect(window.retryAfterMs("a")).toBe(0);
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
