import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  DEFAULT_PRESET,
  DownloadError,
  downloadModel,
  HubUnreachableError,
  isModelComplete,
  lineProgress,
  presets,
  type ModelDownload,
  type Preset,
} from "../../gpu-sidecar/src/download/index.js";
import { closedPort } from "../support/http-stub";
import { startModelHubStandIn, type ModelHubStandIn } from "../support/model-hub-stand-in";

const FIXTURE = path.resolve("tests/fixtures/static-xlmr");
const XLMR_TOKENIZER = path.resolve("../shared/models/tokenizers/xlm-roberta/tokenizer.json");
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

let files: Record<string, Buffer>;
// The default preset's repository and files, with the fixture's manifest: the fixture makes 256-d vectors, not e5's 384.
let preset: Preset;
let hub: ModelHubStandIn;
let dir: string;
let lines: string[];

beforeAll(async () => {
  files = { "onnx/model.onnx": await readFile(path.join(FIXTURE, "model.onnx")), "tokenizer.json": await readFile(XLMR_TOKENIZER) };
  preset = { ...presets[DEFAULT_PRESET], manifest: JSON.parse(await readFile(path.join(FIXTURE, "sidecar.json"), "utf8")) as Preset["manifest"] };
});

beforeEach(async () => {
  hub = await startModelHubStandIn(preset.repo, files);
  dir = path.join(await mkdtemp(path.join(tmpdir(), "model-download-")), "model");
  lines = [];
});

afterEach(async () => {
  await hub.close();
  await rm(path.dirname(dir), { recursive: true, force: true });
});

const download = (options: Partial<ModelDownload> = {}) =>
  downloadModel({ preset, dir, endpoint: hub.url, progress: lineProgress((line) => lines.push(line)), retry: { attempts: 3, delayMs: 10 }, ...options });

async function expectModelInPlace() {
  expect(sha256(await readFile(path.join(dir, "model.onnx")))).toBe(sha256(files["onnx/model.onnx"]!));
  expect(sha256(await readFile(path.join(dir, "tokenizer.json")))).toBe(sha256(files["tokenizer.json"]!));
  expect(JSON.parse(await readFile(path.join(dir, "sidecar.json"), "utf8"))).toMatchObject(preset.manifest);
  expect((await readdir(dir)).sort()).toEqual(["model.onnx", "sidecar.json", "tokenizer.json"]);
  expect(isModelComplete(dir)).toBe(true);
}

describe("downloading a model from a Hugging Face hub", () => {
  it("reads size and checksum from the unfollowed HEAD redirect, fetches every file, verifies it and writes sidecar.json last", async () => {
    await download({ token: "hf_secret" });
    await expectModelInPlace();
    const resolves = hub.requests.filter((request) => request.path.includes("/resolve/"));
    expect(resolves.map((request) => `${request.method} ${request.path}`)).toEqual([
      "HEAD /Xenova/multilingual-e5-small/resolve/main/onnx/model.onnx",
      "GET /Xenova/multilingual-e5-small/resolve/main/onnx/model.onnx",
      "HEAD /Xenova/multilingual-e5-small/resolve/main/tokenizer.json",
      "GET /Xenova/multilingual-e5-small/resolve/main/tokenizer.json",
    ]);
    expect(resolves.every((request) => request.authorization === "Bearer hf_secret")).toBe(true);
  });

  it("prints a progress line per file at every tenth: name, bytes done of total, percent, speed and ETA", async () => {
    await download();
    const tokenizer = lines.filter((line) => line.startsWith("tokenizer.json"));
    expect(tokenizer[0]).toBe("tokenizer.json  9.1 MB");
    const progress = tokenizer.slice(1);
    for (const line of progress) expect(line).toMatch(/^tokenizer\.json {2}\d+% {2}[\d.]+ [kM]?B \/ 9\.1 MB {2}[\d.]+ [kMG]?B\/s {2}ETA \d+ s$/);
    const percents = progress.map((line) => Number(/ (\d+)% /.exec(line)![1]));
    expect(percents.length).toBeGreaterThanOrEqual(5);
    expect(percents.at(-1)).toBe(100);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(progress.at(-1)).toContain("9.1 MB / 9.1 MB");
  });

  it("resumes a dropped connection with a Range request and ends with the right bytes", async () => {
    hub.cutOnce("tokenizer.json", 3_000_000);
    await download();
    await expectModelInPlace();
    const gets = hub.requests.filter((request) => request.method === "GET" && request.path.startsWith("/store/"));
    expect(gets).toHaveLength(3);
    expect(gets.slice(0, 2).map((request) => request.range)).toEqual([undefined, undefined]);
    // It resumes where its .partial ends: what arrived before the cut, less what was in flight when the socket died.
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(gets[2]!.range ?? "")?.[1]);
    expect(resumedAt).toBeGreaterThan(1_000_000);
    expect(resumedAt).toBeLessThanOrEqual(3_000_000);
    expect(lines.some((line) => /^tokenizer\.json: interrupted at [\d.]+ MB \(other side closed\); retrying in 0\.01 s \(1\/2\)$/.test(line))).toBe(true);
    expect(lines.some((line) => /^tokenizer\.json {2}resuming at [\d.]+ MB of 9\.1 MB$/.test(line))).toBe(true);
  });

  it("resumes the .partial an interrupted run left behind, and takes a whole one as done on 416", async () => {
    await download({ preset: { ...preset, files: {} } });
    await writeFile(path.join(dir, "model.onnx.partial"), files["onnx/model.onnx"]!);
    await writeFile(path.join(dir, "tokenizer.json.partial"), files["tokenizer.json"]!.subarray(0, 1_000_000));
    await download();
    await expectModelInPlace();
    const ranges = hub.requests.filter((request) => request.method === "GET" && request.path.startsWith("/store/")).map((request) => request.range);
    expect(ranges).toEqual([`bytes=${files["onnx/model.onnx"]!.length}-`, "bytes=1000000-"]);
  });

  it("deletes a download whose checksum does not match and fails with a clear message", async () => {
    hub.serveWrongBytes("tokenizer.json");
    const failure = await download().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DownloadError);
    expect((failure as Error).message).toMatch(
      new RegExp(`^tokenizer\\.json: checksum mismatch \\(sha256 [0-9a-f]{64}, expected ${sha256(files["tokenizer.json"]!)}\\); deleted the download, run again to start over$`),
    );
    expect((await readdir(dir)).sort()).toEqual(["model.onnx"]);
    expect(isModelComplete(dir)).toBe(false);
  });

  it("names a missing file with the hub's error code", async () => {
    const failure = await download({ preset: { ...preset, files: { "onnx/missing.onnx": "model.onnx" } } }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DownloadError);
    expect((failure as Error).message).toBe(
      `HEAD ${hub.url}/Xenova/multilingual-e5-small/resolve/main/onnx/missing.onnx answered 404 Not Found (EntryNotFound: Entry not found)`,
    );
  });

  it("says in one line that the hub cannot be reached, without retrying", async () => {
    const port = await closedPort();
    const started = Date.now();
    const failure = await download({ endpoint: `http://127.0.0.1:${port}/`, retry: { attempts: 5, delayMs: 10_000 } }).catch((error: unknown) => error);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(failure).toBeInstanceOf(HubUnreachableError);
    expect((failure as Error).message).toBe(`cannot reach http://127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port})`);
    const blocked = await download({ endpoint: "http://127.0.0.1:1" }).catch((error: unknown) => error);
    expect(blocked).toBeInstanceOf(HubUnreachableError);
    expect((blocked as Error).message).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:1 \([^\n]+\)$/);
    expect(existsSync(path.join(dir, "sidecar.json"))).toBe(false);
  });

  it("stops on abort and keeps the .partial for the next run", async () => {
    const controller = new AbortController();
    const progress = lineProgress((line) => {
      if (/^tokenizer\.json {2}[1-9]\d*%/.test(line)) controller.abort();
    });
    await expect(download({ progress, signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
    expect(existsSync(path.join(dir, "tokenizer.json.partial"))).toBe(true);
    expect(existsSync(path.join(dir, "tokenizer.json"))).toBe(false);
    await download();
    await expectModelInPlace();
    expect(hub.requests.at(-1)?.range).toMatch(/^bytes=[1-9]\d*-$/);
  });
});
