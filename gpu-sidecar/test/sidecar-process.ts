import { spawn, type ChildProcess } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";

const packageDir = path.resolve(import.meta.dirname, "..");
const repoRoot = path.resolve(packageDir, "..");
/** The committed random-weight encoder (2 layers, hidden 32, BERT vocabulary). */
export const fixtureDir = path.join(packageDir, "fixtures", "bert-tiny");
/** Real tokenizer files live beside the clone, never in it (see ../shared/ENVIRONMENT.md). */
export const bertTokenizer = path.resolve(repoRoot, "../shared/models/tokenizers/bert-base-uncased/tokenizer.json");

/**
 * Assembles a model directory in a temp folder: the fixture graph, a real tokenizer, and a
 * sidecar.json with the given overrides. Returns its path; remove it with cleanup().
 */
export async function makeModelDir(overrides: Record<string, unknown> = {}, options: { tokenizer?: boolean } = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "sidecar-model-"));
  await copyFile(path.join(fixtureDir, "model.onnx"), path.join(dir, "model.onnx"));
  if (options.tokenizer !== false) await copyFile(bertTokenizer, path.join(dir, "tokenizer.json"));
  const manifest: unknown = JSON.parse(await readFile(path.join(fixtureDir, "sidecar.json"), "utf8"));
  await writeFile(path.join(dir, "sidecar.json"), JSON.stringify({ ...(manifest as object), ...overrides }));
  return dir;
}

export const cleanup = (dir: string) => rm(dir, { recursive: true, force: true });

export type RunningSidecar = {
  url: string;
  process: ChildProcess;
  logs: Record<string, unknown>[];
  waitReady: () => Promise<void>;
  stop: () => Promise<number | null>;
};

/** Faults a test asks for; the sidecar then runs from faulty-sidecar.ts, which wraps its parts with them. */
export type SidecarFaults = {
  /** A batch holding an input that contains this text fails. */
  marker?: string;
  /** A pause after each generated token. */
  tokenDelayMs?: number;
  /** A pause before each embedding batch runs, so that requests sent together overlap however fast the machine. */
  encodeDelayMs?: number;
};

/** Spawns `src/main.ts` (or, with faults, `test/faulty-sidecar.ts`) as its own process on a free port and resolves once it listens. */
export async function startSidecar(modelDir: string, env: Record<string, string> = {}, faults: SidecarFaults = {}): Promise<RunningSidecar> {
  const faultEnv: Record<string, string> = {};
  if (faults.marker !== undefined) faultEnv.TEST_FAULT_MARKER = faults.marker;
  if (faults.tokenDelayMs !== undefined) faultEnv.TEST_TOKEN_DELAY_MS = String(faults.tokenDelayMs);
  if (faults.encodeDelayMs !== undefined) faultEnv.TEST_ENCODE_DELAY_MS = String(faults.encodeDelayMs);
  const entry = Object.keys(faultEnv).length > 0 ? "test/faulty-sidecar.ts" : "src/main.ts";
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: packageDir,
    env: { ...process.env, SIDECAR_MODEL_DIR: modelDir, SIDECAR_PORT: "0", SIDECAR_EXECUTION_PROVIDERS: "cpu", ...env, ...faultEnv },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const logs: Record<string, unknown>[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`sidecar exited with code ${code} before listening`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (entry.message === "listening") resolve(entry.port as number);
    });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    process: child,
    logs,
    waitReady: async () => {
      for (let attempt = 0; attempt < 600; attempt++) {
        if ((await fetch(`${url}/health`)).status === 200) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error("sidecar did not become ready within 30 s");
    },
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

export type EmbeddingsResponse = {
  object: string;
  data: { object: string; index: number; embedding: number[] | string }[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
};

export async function postEmbeddings(url: string, body: unknown): Promise<{ status: number; headers: Headers; json: unknown }> {
  const response = await fetch(`${url}/v1/embeddings`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: await response.json() };
}

/** Vectors of a successful float response, in input order. */
export async function embed(url: string, body: Record<string, unknown>): Promise<number[][]> {
  const { status, json } = await postEmbeddings(url, body);
  if (status !== 200) throw new Error(`expected 200, got ${status}: ${JSON.stringify(json)}`);
  return (json as EmbeddingsResponse).data.map((item) => item.embedding as number[]);
}

export const norm = (vector: readonly number[]) => Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));

export const maxAbsDiff = (a: readonly number[], b: readonly number[]) => Math.max(...a.map((value, i) => Math.abs(value - b[i]!)));

/** Sum and count of a Prometheus histogram in a /metrics text. */
export function histogram(metricsText: string, name: string): { sum: number; count: number } {
  const read = (suffix: string) => Number(new RegExp(`^${name}_${suffix} (\\S+)$`, "m").exec(metricsText)?.[1] ?? Number.NaN);
  return { sum: read("sum"), count: read("count") };
}
