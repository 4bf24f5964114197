import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { superviseSidecar, type SidecarSupervisor } from "@/scripts/lib/sidecar-supervisor";
import { closedPort } from "../support/http-stub";

const FIXTURE = path.resolve("tests/fixtures/static-xlmr");
const XLMR_TOKENIZER = path.resolve("../shared/models/tokenizers/xlm-roberta/tokenizer.json");

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The committed static fixture with the real XLM-RoBERTa tokenizer, as tests/support/embedding-sidecar.ts assembles it. */
async function fixtureModelDir(manifest?: object): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "supervised-model-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await copyFile(path.join(FIXTURE, "model.onnx"), path.join(dir, "model.onnx"));
  await copyFile(XLMR_TOKENIZER, path.join(dir, "tokenizer.json"));
  if (manifest) await writeFile(path.join(dir, "sidecar.json"), JSON.stringify(manifest));
  else await copyFile(path.join(FIXTURE, "sidecar.json"), path.join(dir, "sidecar.json"));
  return dir;
}

async function supervise(modelDir: string): Promise<{ supervisor: SidecarSupervisor; url: string; lines: string[] }> {
  const url = `http://127.0.0.1:${await closedPort()}`;
  const lines: string[] = [];
  const supervisor = superviseSidecar({
    modelDir,
    url,
    env: { ...process.env, SIDECAR_EXECUTION_PROVIDERS: "cpu" },
    log: (line) => lines.push(line),
    restartDelayMs: 100,
  });
  cleanups.push(() => supervisor.stop());
  return { supervisor, url, lines };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > 60_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("the sidecar supervisor", () => {
  it("starts the real sidecar where EMBEDDINGS_URL points, restarts it when it is killed, and stops it", { timeout: 120_000 }, async () => {
    const { supervisor, url, lines } = await supervise(await fixtureModelDir());
    await supervisor.ready();
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const port = new URL(url).port;
    expect(lines[0]).toBe(`[sidecar] listening on 127.0.0.1:${port}`);
    expect(lines[1]).toMatch(/^\[sidecar\] ready: fixture\/static-xlmr-random-features, 256 dimensions, on cpu, loaded in \d+\.\d s$/);
    expect(lines).toHaveLength(2);

    const first = supervisor.pid!;
    process.kill(first, "SIGKILL");
    await until(() => lines.includes("[sidecar] exited on SIGKILL; restarting in 0.1 s"), "the restart line");
    await supervisor.ready();
    expect(supervisor.pid).not.toBe(first);
    expect((await fetch(`${url}/health`)).status).toBe(200);

    const last = supervisor.pid!;
    await supervisor.stop();
    expect(supervisor.pid).toBeUndefined();
    expect(() => process.kill(last, 0)).toThrow();
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    expect(lines.filter((line) => line.includes("restarting"))).toHaveLength(1);
  });

  it("says once why a model does not load, and leaves the sidecar up rather than restarting it", { timeout: 120_000 }, async () => {
    const manifest = { id: "fixture/wrong-dimension", dimension: 384, maxTokens: 512, pooling: "mean" };
    const { supervisor, lines } = await supervise(await fixtureModelDir(manifest));
    await expect(supervisor.ready()).rejects.toThrow("the embedding model failed to load");
    expect(lines).toContain("[sidecar] error: model failed to load (model produces vectors of 256 dimensions but sidecar.json says 384)");
    expect(supervisor.pid).toBeDefined();
    expect(lines.some((line) => line.includes("restarting"))).toBe(false);
  });
});
