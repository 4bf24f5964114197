import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { chatPresets, DEFAULT_CHAT_PRESET, DEFAULT_PRESET, presets, type Preset } from "@/gpu-sidecar/src/download/index.js";
import { tinyGguf } from "@/gpu-sidecar/test/tiny-gguf";
import { parseConfig } from "@/lib/config/load";
import { startLocalEmbedder, type LocalEmbedder } from "@/scripts/lib/local-embedder";
import { closedPort, startStub } from "../support/http-stub";
import { startModelHubStandIn } from "../support/model-hub-stand-in";

const FIXTURE = path.resolve("tests/fixtures/static-xlmr");
const XLMR_TOKENIZER = path.resolve("../shared/models/tokenizers/xlm-roberta/tokenizer.json");

let files: Record<string, Buffer>;
// The default preset's files with the fixture's manifest (the fixture makes 256-d vectors, e5 384).
let preset: Preset;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  files = { "onnx/model.onnx": await readFile(path.join(FIXTURE, "model.onnx")), "tokenizer.json": await readFile(XLMR_TOKENIZER) };
  preset = { ...presets[DEFAULT_PRESET], manifest: JSON.parse(await readFile(path.join(FIXTURE, "sidecar.json"), "utf8")) as Preset["manifest"] };
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "model-cache-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function start(env: Record<string, string>): Promise<{ embedder: LocalEmbedder; lines: string[] }> {
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);
  const embedder = await startLocalEmbedder(parseConfig(env), log, {
    preset,
    sidecar: { env: { ...process.env, SIDECAR_EXECUTION_PROVIDERS: "cpu" }, log, restartDelayMs: 100 },
    retry: { attempts: 2, delayMs: 10 },
  });
  cleanups.push(() => embedder.stop());
  return { embedder, lines };
}

async function until(condition: () => boolean, what: string, lines: string[]): Promise<void> {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > 60_000) throw new Error(`timed out waiting for ${what}:\n${lines.join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("the demo's embedder", () => {
  it("downloads a missing model into the cache in the background, then runs the sidecar on it; the next start uses the cache", { timeout: 120_000 }, async () => {
    const hub = await startModelHubStandIn(preset.repo, files);
    cleanups.push(() => hub.close());
    const cache = await tempDir();
    const url = `http://127.0.0.1:${await closedPort()}`;
    const env = { EMBEDDINGS_URL: url, MODEL_CACHE_DIR: cache, HF_ENDPOINT: hub.url };
    const modelDir = path.join(cache, "multilingual-e5-small");

    const first = await start(env);
    expect(first.lines[0]).toBe(
      `Embeddings: the sidecar at ${url}, started here once fixture/static-xlmr-random-features is downloaded into ${modelDir}; until then answers come from the lexical index.`,
    );
    await until(() => first.embedder.sidecar !== undefined, "the sidecar", first.lines);
    await first.embedder.sidecar!.ready();
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(first.lines.some((line) => line.startsWith("tokenizer.json  100%  9.1 MB / 9.1 MB"))).toBe(true);
    expect(first.lines).toContain(`Model ready in ${modelDir}; starting the sidecar.`);
    expect(first.lines.some((line) => line.startsWith("[sidecar] ready: fixture/static-xlmr-random-features"))).toBe(true);
    await first.embedder.stop();
    await expect(fetch(`${url}/health`)).rejects.toThrow();

    const requests = hub.requests.length;
    const second = await start(env);
    expect(second.lines[0]).toBe(`Embeddings: the sidecar at ${url}, started here on the model in ${modelDir}.`);
    await second.embedder.sidecar!.ready();
    expect(hub.requests).toHaveLength(requests);
  });

  it("offline, says so in one line and runs no sidecar", async () => {
    const cache = await tempDir();
    const hubPort = await closedPort();
    const { embedder, lines } = await start({ EMBEDDINGS_URL: `http://127.0.0.1:${await closedPort()}`, MODEL_CACHE_DIR: cache, HF_ENDPOINT: `http://127.0.0.1:${hubPort}` });
    await until(() => lines.length === 2, "the offline line", lines);
    expect(lines[1]).toBe(
      `No embedding model yet and cannot download it (cannot reach http://127.0.0.1:${hubPort}: connect ECONNREFUSED 127.0.0.1:${hubPort}): answering from the lexical index until one is available.`,
    );
    expect(embedder.sidecar).toBeUndefined();
    expect(existsSync(path.join(cache, "multilingual-e5-small", "sidecar.json"))).toBe(false);
  });

  it("stopping during the download aborts it and says the next start resumes it", async () => {
    const hub = await startModelHubStandIn(preset.repo, files);
    cleanups.push(() => hub.close());
    const { embedder, lines } = await start({ EMBEDDINGS_URL: `http://127.0.0.1:${await closedPort()}`, MODEL_CACHE_DIR: await tempDir(), HF_ENDPOINT: hub.url });
    await embedder.stop();
    expect(lines.at(-1)).toBe("Model download stopped; the next start resumes it.");
    expect(embedder.sidecar).toBeUndefined();
  });

  it("leaves the sidecar alone when it runs elsewhere, is already running, is turned off, or another provider embeds", async () => {
    const running = await startStub((_req, res) => res.end("{}"));
    cleanups.push(() => running.close());
    const cases: [Record<string, string>, string][] = [
      [{ EMBEDDINGS_URL: "http://gpu-host:8088" }, "Embeddings: the sidecar at http://gpu-host:8088, on another host (it runs there, not here)."],
      [{ EMBEDDINGS_URL: running.url }, `Embeddings: the sidecar already running at ${running.url}.`],
      [{ EMBEDDINGS_SIDECAR_AUTOSTART: "false" }, "Embeddings: the sidecar at http://127.0.0.1:8088, run separately (EMBEDDINGS_SIDECAR_AUTOSTART=false)."],
      [{ EMBEDDINGS_PROVIDER: "gemini", GEMINI_API_KEY: "k", EMBEDDINGS_MODEL: "gemini-embedding-001" }, "Embeddings: gemini (gemini-embedding-001)."],
    ];
    for (const [env, expected] of cases) {
      const { embedder, lines } = await start({ MODEL_CACHE_DIR: "/nonexistent", ...env });
      expect(lines).toEqual([expected]);
      expect(embedder.sidecar).toBeUndefined();
    }
  });

  it("does not download into EMBEDDINGS_MODEL_PATH, nor at all with EMBEDDINGS_MODEL_DOWNLOAD=false", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const own = path.join(await tempDir(), "my-model");
    const named = await start({ EMBEDDINGS_URL: url, EMBEDDINGS_MODEL_PATH: own });
    expect(named.lines).toEqual([
      `No embedding model in ${own} (no sidecar.json) and it is not downloaded (EMBEDDINGS_MODEL_PATH names it): answering from the lexical index until one is available.`,
    ]);
    const cache = await tempDir();
    const off = await start({ EMBEDDINGS_URL: url, MODEL_CACHE_DIR: cache, EMBEDDINGS_MODEL_DOWNLOAD: "false" });
    expect(off.lines[0]).toMatch(/\(EMBEDDINGS_MODEL_DOWNLOAD=false\): answering from the lexical index until one is available\.$/);
  });
});

describe("the demo's local chat model (LLM_PROVIDER=local)", () => {
  const chat = chatPresets[DEFAULT_CHAT_PRESET];
  const chatRepo = () => ({ [chat.repo]: { [chat.file]: tinyGguf() } });

  it("is fetched into the cache after the embedding model and served by the same sidecar; the next start uses the cache", { timeout: 120_000 }, async () => {
    const hub = await startModelHubStandIn(preset.repo, files, chatRepo());
    cleanups.push(() => hub.close());
    const cache = await tempDir();
    const url = `http://127.0.0.1:${await closedPort()}`;
    const env = { EMBEDDINGS_URL: url, MODEL_CACHE_DIR: cache, HF_ENDPOINT: hub.url, LLM_PROVIDER: "local" };
    const file = path.join(cache, DEFAULT_CHAT_PRESET, "model.gguf");

    const first = await start(env);
    expect(first.lines[0]).toBe(`Answers: the local model ${chat.label}, downloaded into ${file} after the embedding model; answers quote the materials until it is there.`);
    await first.embedder.chatModel;
    expect(first.lines).toContain(`Chat model ready in ${file}; the sidecar loads it on the first question.`);
    expect(first.lines.findIndex((line) => line.startsWith("Model ready in"))).toBeLessThan(first.lines.findIndex((line) => line.startsWith("Chat model ready")));
    expect(await readFile(file)).toEqual(tinyGguf());
    await until(() => first.embedder.sidecar !== undefined, "the sidecar", first.lines);
    await first.embedder.sidecar!.ready();
    const info = (await (await fetch(`${url}/info`)).json()) as { chat: { status: string; file: string } };
    expect(info.chat).toMatchObject({ status: "unloaded", file });
    const completion = await fetch(`${url}/v1/chat/completions`, { method: "POST", body: JSON.stringify({ messages: [{ role: "user", content: "Привет" }], max_tokens: 3 }) });
    expect(completion.status).toBe(200);
    await until(() => first.lines.some((line) => line.startsWith("[sidecar] chat model loaded")), "the chat model's line", first.lines);
    expect(first.lines.find((line) => line.startsWith("[sidecar] chat model loaded"))).toMatch(/^\[sidecar\] chat model loaded: tiny-random-llama \(F32\), 2048 tokens of context, on cpu, in \d+\.\d s$/);
    await first.embedder.stop();

    const requests = hub.requests.length;
    const second = await start(env);
    expect(second.lines[0]).toBe(`Answers: the local model in ${file}, served by the sidecar.`);
    await second.embedder.chatModel;
    expect(hub.requests).toHaveLength(requests);
  });

  it("offline, says once that answers quote the materials meanwhile", async () => {
    const hubPort = await closedPort();
    const { embedder, lines } = await start({ EMBEDDINGS_URL: `http://127.0.0.1:${await closedPort()}`, MODEL_CACHE_DIR: await tempDir(), HF_ENDPOINT: `http://127.0.0.1:${hubPort}`, LLM_PROVIDER: "local" });
    await embedder.chatModel;
    expect(lines.filter((line) => line.startsWith("No local chat model yet"))).toEqual([
      `No local chat model yet and cannot download it (cannot reach http://127.0.0.1:${hubPort}: connect ECONNREFUSED 127.0.0.1:${hubPort}): answers quote the materials meanwhile.`,
    ]);
  });

  it("is not downloaded when LOCAL_LLM_MODEL_PATH names it or LOCAL_LLM_DOWNLOAD=false, and is the other sidecar's business when that runs elsewhere", async () => {
    const hub = await startModelHubStandIn(preset.repo, files, chatRepo());
    cleanups.push(() => hub.close());
    const own = path.join(await tempDir(), "mine.gguf");
    const base = { EMBEDDINGS_URL: `http://127.0.0.1:${await closedPort()}`, MODEL_CACHE_DIR: await tempDir(), HF_ENDPOINT: hub.url, EMBEDDINGS_MODEL_DOWNLOAD: "false", LLM_PROVIDER: "local" };
    const named = await start({ ...base, LOCAL_LLM_MODEL_PATH: own });
    expect(named.lines[0]).toBe(`Answers: no local model in ${own} and it is not downloaded (LOCAL_LLM_MODEL_PATH names it); answers quote the materials.`);
    const off = await start({ ...base, LOCAL_LLM_DOWNLOAD: "false" });
    expect(off.lines[0]).toMatch(/^Answers: no local model in .+ and it is not downloaded \(LOCAL_LLM_DOWNLOAD=false\); answers quote the materials\.$/);
    expect(hub.requests.filter((request) => request.path.includes(chat.repo))).toEqual([]);

    const remote = await start({ EMBEDDINGS_URL: "http://gpu-host:8088", LLM_PROVIDER: "local" });
    expect(remote.lines).toEqual([
      "Embeddings: the sidecar at http://gpu-host:8088, on another host (it runs there, not here).",
      "Answers: the local model of the sidecar at http://gpu-host:8088/v1, which is not run here: its own SIDECAR_CHAT_MODEL_PATH names the model.",
    ]);
  });
});
