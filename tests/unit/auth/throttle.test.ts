import { describe, expect, it } from "vitest";
import { HashGate, HashGateFullError } from "@/lib/auth/hash-gate";
import { rateLimitedError, rateLimitedMinutes } from "@/lib/auth/login-errors";

// The sign-in throttle itself counts in PostgreSQL: tests/integration/security/shared-limits.test.ts.

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe("HashGate", () => {
  it("runs at most `max` password checks at once, queues a bounded number and refuses the rest at once", async () => {
    const gate = new HashGate(2, 3);
    let running = 0;
    let peak = 0;
    const release = deferred();
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await release.promise;
      running--;
      return true;
    };
    const admitted = Array.from({ length: 5 }, () => gate.run(task));
    await expect(gate.run(task)).rejects.toBeInstanceOf(HashGateFullError);
    await Promise.resolve();
    expect(running).toBe(2);
    release.resolve();
    await expect(Promise.all(admitted)).resolves.toEqual([true, true, true, true, true]);
    expect(peak).toBe(2);
    // All slots were handed back: a new check runs at once.
    await expect(gate.run(async () => "again")).resolves.toBe("again");
  });

  it("hands the slot back when a check throws", async () => {
    const gate = new HashGate(1, 0);
    await expect(gate.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(gate.run(async () => 1)).resolves.toBe(1);
  });
});

describe("sign-in refusal", () => {
  it("carries the wait to the sign-in form in whole minutes", () => {
    expect(rateLimitedMinutes(rateLimitedError(61_000).message)).toBe(2);
    expect(rateLimitedMinutes(rateLimitedError(1).message)).toBe(1);
    expect(rateLimitedMinutes("CredentialsSignin")).toBeNull();
    expect(rateLimitedMinutes(undefined)).toBeNull();
  });
});
