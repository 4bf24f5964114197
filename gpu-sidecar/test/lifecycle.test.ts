import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { bertTokenizer, cleanup, embed, makeModelDir, postEmbeddings, startSidecar, type RunningSidecar, type SidecarFaults } from "./sidecar-process.js";

const passage = "Экзамен по математическому анализу проходит в аудитории 301. ".repeat(12);
const heavyRequest = (count: number) => ({ input: Array.from({ length: count }, (_, i) => `${i} ${passage}`) });

const started: { sidecar: RunningSidecar; dir: string }[] = [];

/** Starts the sidecar on a fresh model folder; `prepare` runs on the folder before the process starts. */
async function start(env: Record<string, string> = {}, prepare?: (dir: string) => void, faults: SidecarFaults = {}) {
  const dir = await makeModelDir({}, { tokenizer: prepare === undefined });
  prepare?.(dir);
  const sidecar = await startSidecar(dir, env, faults);
  started.push({ sidecar, dir });
  return { sidecar, dir };
}

afterEach(async () => {
  for (const { sidecar, dir } of started.splice(0)) {
    await sidecar.stop();
    await cleanup(dir);
  }
});

describe("sidecar lifecycle", () => {
  it("says 503 on /health until the model is loaded and warmed up, then 200", async () => {
    // A FIFO as tokenizer.json holds the loader until the test writes into it, so the
    // not-ready phase lasts as long as the test needs instead of a few racy milliseconds. It
    // exists before the process starts, so the loader never finds the file missing.
    const { sidecar, dir } = await start({}, (folder) => execFileSync("mkfifo", [path.join(folder, "tokenizer.json")]));
    const fifo = path.join(dir, "tokenizer.json");
    const health = await fetch(`${sidecar.url}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: "loading" });
    const early = await postEmbeddings(sidecar.url, { input: ["too early"] });
    expect(early.status).toBe(503);
    expect(early.headers.get("retry-after")).toBe("1");
    expect(early.json).toMatchObject({ error: { type: "service_unavailable_error" } });
    expect((await fetch(`${sidecar.url}/info`)).status).toBe(503);

    await writeFile(fifo, await readFile(bertTokenizer));
    await sidecar.waitReady();
    expect(await (await fetch(`${sidecar.url}/health`)).json()).toEqual({ status: "ready" });
    expect(await embed(sidecar.url, { input: ["now ready"] })).toHaveLength(1);
  });

  it("answers 429 with Retry-After when more requests arrive than it admits", async () => {
    // Each batch takes at least 200 ms, so the 20 requests sent together cannot finish one by one.
    const { sidecar } = await start({ SIDECAR_MAX_CONCURRENT_REQUESTS: "2" }, undefined, { encodeDelayMs: 200 });
    await sidecar.waitReady();
    const responses = await Promise.all(Array.from({ length: 20 }, () => postEmbeddings(sidecar.url, heavyRequest(32))));
    const rejected = responses.filter((response) => response.status === 429);
    expect(rejected.length).toBeGreaterThan(0);
    expect(responses.filter((response) => response.status === 200).length).toBeGreaterThan(0);
    expect(rejected.length + responses.filter((response) => response.status === 200).length).toBe(20);
    for (const response of rejected) {
      expect(response.headers.get("retry-after")).toBe("1");
      expect(response.json).toMatchObject({ error: { type: "rate_limit_error", param: null } });
    }
    expect(await embed(sidecar.url, { input: ["after the storm"] })).toHaveLength(1);
  });

  it("finishes queued work on SIGTERM before exiting", async () => {
    const { sidecar } = await start({ SIDECAR_MAX_BATCH_SIZE: "4" });
    await sidecar.waitReady();
    const requests = Array.from({ length: 8 }, () => postEmbeddings(sidecar.url, heavyRequest(48)));
    // Once one answer is back the rest are admitted and queued behind many small batches.
    await Promise.race(requests);
    const exitCode = sidecar.stop();
    const statuses = (await Promise.all(requests)).map((response) => response.status);
    expect(statuses).toEqual(Array(8).fill(200));
    expect(await exitCode).toBe(0);
    const shutdown = sidecar.logs.find((entry) => entry.message === "shutting down: finishing queued work");
    expect(shutdown?.inflight).toBeGreaterThan(0);
    expect(sidecar.logs.at(-1)?.message).toBe("stopped");
  });
});
