import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, request as requests, test, type Page } from "@playwright/test";
import { ru } from "../lib/i18n/messages/ru";
import { E2E_AUTH_SECRET } from "../playwright.config";
import { query } from "../tests/support/databases";
import { closedPort } from "../tests/support/http-stub";
import type { ModelHubStandIn } from "../tests/support/model-hub-stand-in";
import { answers, ask, openCourseChat, UNKNOWN_QUESTION } from "./support/chat";
import { DEFAULT_CHAT_MODEL, DEFAULT_MODEL, DemoProcess, sha256, startFixtureHub } from "./support/first-run";

// The issue "First run answers": `npm run demo` from an empty .data/ and an empty model cache with
// no network answers from the lexical index by quoting the materials; the next start, with a hub to
// download from (a local stand-in whose connection drops once midway), downloads the embedding
// model, starts the sidecar by itself, backfills the vectors, answers in hybrid mode, then fetches
// the chat model ("A local model service") and answers in that model's words. The demo runs as a
// child process here, with its embedded PostgreSQL, its own build check, server, worker and sidecar.

const PORT = Number(process.env.E2E_PORT ?? 3100) + 5;
const DATA_DIR = ".data/e2e-first-run";
const COURSE_SLUG = "python-basics";
// From eval/demo.jsonl; only the lecture (demo/materials/02-variables-and-types.md) mentions PEP 8.
const QUESTION = "Как по PEP 8 правильно называть переменные?";
const DOCUMENT_TITLE = "Лекция 2. Переменные и типы данных";
const DOCUMENT_FILE = "02-variables-and-types.md";
// A Node stack frame: a crash or an error logged with its stack.
const STACK_FRAME = /^\s{4}at \S/;
const CUT_FILE = "tokenizer.json";
const CUT_AT = 4_000_000;

let modelCache: string;
/** No network: a hub address where nothing listens (not port 1, which fetch refuses as a "bad port" before trying). */
let offlineHub: string;
let embeddingsUrl: string;
let demo: DemoProcess | undefined;
let hub: ModelHubStandIn | undefined;
/** The address the demo's banner names. */
let appUrl: string;

test.describe.configure({ mode: "serial" });
// The banner's address: APP_URL is not set, so http://localhost:PORT.
test.use({ baseURL: `http://localhost:${PORT}` });

function demoEnv(hfEndpoint: string): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  // Nothing from the caller's shell that would steer the demo elsewhere (a database, a model, an LLM).
  const foreign = /^(DATABASE_URL|APP_URL|HOST|PORT|DATA_DIR|VECTOR_STORE|QDRANT_.*|LLM_.*|GEMINI_.*|EMBEDDINGS_.*|SIDECAR_.*|MODEL_CACHE_DIR|HF_.*|XDG_CACHE_HOME)$/;
  for (const [key, value] of Object.entries(process.env)) if (!foreign.test(key)) env[key] = value;
  return {
    ...env,
    DATA_DIR,
    MODEL_CACHE_DIR: modelCache,
    PORT: String(PORT),
    EMBEDDINGS_URL: embeddingsUrl,
    HF_ENDPOINT: hfEndpoint,
    // LLM_PROVIDER stays unset: the demo chooses its local model. One thread: the machine's two cores also run the rest of the demo.
    SIDECAR_CHAT_THREADS: "1",
    AUTH_SECRET: E2E_AUTH_SECRET,
    NEXT_TELEMETRY_DISABLED: "1",
  };
}

/** Starts the demo and waits for its banner (a first run builds the app: minutes). */
async function startDemo(hfEndpoint: string): Promise<DemoProcess> {
  demo = new DemoProcess(demoEnv(hfEndpoint));
  const banner = await demo.waitForLine(/^ {2}Course assistant is running at (\S+)$/, 8 * 60_000);
  appUrl = /running at (\S+)$/.exec(banner)![1]!;
  expect(appUrl).toBe(`http://localhost:${PORT}`);
  const health = await fetch(`${appUrl}/api/health`);
  expect(health.status, "the banner's address answers").toBeLessThan(500);
  return demo;
}

/** Stops the demo the way it is told to, and expects it to be gone, with everything it started, within 20 s. */
async function stopDemo(running: DemoProcess, how: "Ctrl-C" | "SIGINT") {
  if (how === "Ctrl-C") running.interruptGroup();
  else running.interrupt();
  const code = await Promise.race([running.exited, new Promise<string>((resolve) => setTimeout(() => resolve("still running after 20 s"), 20_000))]);
  expect(code, "the demo's exit code").toBe(0);
  await expect.poll(() => running.groupAlive(), { message: "no process of the demo is left", timeout: 5_000 }).toBe(false);
  await expect(fetch(`${embeddingsUrl}/health`), "nothing answers at EMBEDDINGS_URL").rejects.toThrow();
}

/** The demo course's documents and whether each has vectors, from the demo's own (embedded) database. */
async function demoDocuments(run: DemoProcess) {
  const line = run.lines.find((candidate) => candidate.startsWith("[demo] Embedded PostgreSQL is running: "));
  expect(line, "the demo runs its embedded PostgreSQL").toBeDefined();
  const url = line!.slice("[demo] Embedded PostgreSQL is running: ".length);
  return query<{ fileName: string; status: string; vectors: boolean }>(
    url,
    `SELECT d."fileName", d.status, d."vectorKey" IS NOT NULL AS vectors FROM "Document" d JOIN "Course" c ON c.id = d."courseId" WHERE c.slug = $1 ORDER BY d."fileName"`,
    [COURSE_SLUG],
  );
}

async function waitForReadyMaterials() {
  const request = await requests.newContext({ baseURL: appUrl });
  try {
    await expect
      .poll(async () => (await (await request.get(`/courses/${COURSE_SLUG}`)).text()).split(">Готов<").length - 1, {
        message: "both demo materials are READY",
        timeout: 90_000,
        intervals: [500],
      })
      .toBe(2);
  } finally {
    await request.dispose();
  }
}

/**
 * Asks the question in the chat, waits for the whole answer, and checks that it cites the lecture
 * and links to it; `by` says who wrote it: quotes of the materials, or the local model.
 */
async function askAboutTheLecture(page: Page, by: "quotes" | "local model") {
  await openCourseChat(page);
  await ask(page, QUESTION);
  const answer = answers(page).last();
  await expect(answer.getByRole("button", { name: ru["chat.copy"] }), "the answer is complete").toBeVisible({ timeout: 60_000 });
  if (by === "quotes") await expect(answer).toContainText("PEP 8");
  else await expect(answer.getByTestId("local-model-label")).toHaveText("Локальная модель tiny-random-llama: проверяйте ответ по источникам");
  const sources = answer.getByRole("navigation", { name: ru["chat.sources"] });
  const first = sources.getByRole("link").first();
  await expect(first).toHaveText(new RegExp(`^${DOCUMENT_TITLE.replace(/\./g, "\\.")}`));
  const href = await first.getAttribute("href");
  expect(href).toMatch(/^\/documents\/[^/#]+#.+$/);

  // The link opens that document at the cited section.
  const reader = await page.context().newPage();
  try {
    await reader.goto(href!);
    await expect(reader).toHaveTitle(new RegExp(DOCUMENT_TITLE.replace(/\./g, "\\.")));
    await expect(reader.getByRole("link", { name: new RegExp(DOCUMENT_FILE.replace(/\./g, "\\.")) })).toBeVisible();
    const anchor = decodeURIComponent(new URL(href!, appUrl).hash.slice(1));
    await expect(reader.locator(`[id="${anchor}"]`)).toBeVisible();
  } finally {
    await reader.close();
  }
  return answer;
}

test.beforeAll(async () => {
  await rm(DATA_DIR, { recursive: true, force: true });
  modelCache = await mkdtemp(path.join(tmpdir(), "first-run-models-"));
  embeddingsUrl = `http://127.0.0.1:${await closedPort()}`;
  offlineHub = `http://127.0.0.1:${await closedPort()}`;
});

test.afterEach(async ({}, testInfo) => {
  if (!demo) return;
  await testInfo.attach("demo output", { body: demo.output(), contentType: "text/plain" });
  if (testInfo.status !== testInfo.expectedStatus) console.log(`---- demo output ----\n${demo.output()}\n---- end of demo output ----`);
});

test.afterAll(async () => {
  if (demo?.running || demo?.groupAlive()) demo.killGroup();
  await hub?.close();
  if (modelCache) await rm(modelCache, { recursive: true, force: true });
});

test("offline, the first run answers from the materials by their words, and says so", async ({ page }) => {
  test.setTimeout(15 * 60_000);
  const run = await startDemo(offlineHub);
  const port = new URL(offlineHub).port;
  const chatFile = path.join(modelCache, DEFAULT_CHAT_MODEL.preset, "model.gguf");
  expect(run.lines).toContain(`[demo] Answers: the local model ${DEFAULT_CHAT_MODEL.label}, downloaded into ${chatFile} after the embedding model; answers quote the materials until it is there.`);
  expect(run.lines).toContain(
    `[demo] No embedding model yet and cannot download it (cannot reach ${offlineHub}: connect ECONNREFUSED 127.0.0.1:${port}): answering from the lexical index until one is available.`,
  );
  await run.waitForLine(/^\[demo\] No local chat model yet and cannot download it \(cannot reach .+\): answers quote the materials meanwhile\.$/, 30_000);
  await test.step("the demo course's materials become READY, by their words alone", async () => {
    await waitForReadyMaterials();
    expect(await demoDocuments(run)).toEqual([
      { fileName: "01-syllabus.md", status: "READY", vectors: false },
      { fileName: DOCUMENT_FILE, status: "READY", vectors: false },
    ]);
  });
  // The off-topic answer relies on the calibrated lexical floor: calibrated once the index has been quiet.
  await run.waitForLine(/^\[worker\] Calibrated the relevance floors of \d+ course\(s\)\.$/, 60_000);

  await test.step("a question from the lecture is answered by quoting it, with the lexical-mode notice", async () => {
    const answer = await askAboutTheLecture(page, "quotes");
    await expect(answer).toContainText("Локальная модель ещё не готова");
    await expect(answer).toContainText(ru["chat.mode.RETRIEVAL_ONLY"]);
    await expect(answer.getByRole("note")).toContainText("Смысловой поиск сейчас недоступен");
  });

  await test.step("a question outside the materials gets 'I don't know'", async () => {
    // In a new chat: within one, a question that finds nothing is searched again with the previous one.
    await page.getByRole("button", { name: "+ Новый чат" }).click();
    await expect(page.getByText("Задайте вопрос по материалам курса")).toBeVisible();
    await ask(page, UNKNOWN_QUESTION);
    const answer = answers(page).last();
    await expect(answer).toContainText(ru["chat.answer.noMatch"], { timeout: 30_000 });
    await expect(answer.getByRole("note")).toBeVisible();
  });

  await test.step("Ctrl-C stops the demo", () => stopDemo(run, "Ctrl-C"));
  expect(run.matching(/No embedding model yet and cannot download it/), "the offline line is printed once").toHaveLength(1);
  expect(run.matching(STACK_FRAME), "no stack trace").toEqual([]);
});

test("the next start downloads the models, resuming an interrupted file, starts the sidecar, answers in hybrid mode, then in the local model's words", async ({ page }) => {
  test.setTimeout(15 * 60_000);
  const stand = await startFixtureHub();
  hub = stand.hub;
  hub.cutOnce(CUT_FILE, CUT_AT);
  const run = await startDemo(hub.url);

  await test.step("the download prints its progress, resumes the cut file and the sidecar starts", async () => {
    await run.waitForLine(/^\[sidecar\] ready: /, 120_000);
    expect(run.matching(new RegExp(`^\\[demo\\] ${CUT_FILE.replace(".", "\\.")} {2}\\d+%  `)).length, "progress lines").toBeGreaterThan(1);
    expect(run.matching(new RegExp(`^\\[demo\\] ${CUT_FILE.replace(".", "\\.")}  resuming at `)), "the resumed transfer").toHaveLength(1);
    const digest = sha256(stand.files[CUT_FILE]!);
    const ranges = hub!.requests.filter((request) => request.method === "GET" && request.path === `/store/${digest}`).map((request) => request.range);
    expect(ranges[0], "the first GET of the cut file").toBeUndefined();
    expect(ranges[1], "the GET after the cut").toMatch(/^bytes=[1-9]\d*-$/);
    const modelDir = path.join(modelCache, DEFAULT_MODEL.preset);
    expect(sha256(await readFile(path.join(modelDir, CUT_FILE))), "the cached file's sha256").toBe(digest);
    expect(sha256(await readFile(path.join(modelDir, "model.onnx")))).toBe(sha256(stand.files["onnx/model.onnx"]!));
    expect(JSON.parse(await readFile(path.join(modelDir, "sidecar.json"), "utf8"))).toMatchObject({ id: DEFAULT_MODEL.id, dimension: 384 });
  });

  await test.step("the worker backfills the vectors and answers become hybrid", async () => {
    const request = await requests.newContext({ baseURL: appUrl });
    try {
      await expect
        .poll(async () => (await (await request.post("/api/chat", { data: { courseSlug: COURSE_SLUG, message: QUESTION } })).text()).includes('"searchMode":"HYBRID"'), {
          message: "an answer in hybrid mode",
          timeout: 120_000,
          intervals: [2000],
        })
        .toBe(true);
    } finally {
      await request.dispose();
    }
    expect((await demoDocuments(run)).map((document) => document.vectors)).toEqual([true, true]);
  });

  await test.step("the chat model follows the embedding model into the cache", async () => {
    const chatFile = path.join(modelCache, DEFAULT_CHAT_MODEL.preset, "model.gguf");
    const ready = await run.waitForLine(/^\[demo\] Chat model ready in /, 120_000);
    expect(ready).toBe(`[demo] Chat model ready in ${chatFile}; the sidecar loads it on the first question.`);
    expect(sha256(await readFile(chatFile)), "the cached chat model's sha256").toBe(sha256(stand.files[DEFAULT_CHAT_MODEL.file]!));
  });

  await test.step("in the chat, the local model answers, citing the lecture, without the lexical-mode notice", async () => {
    const answer = await askAboutTheLecture(page, "local model");
    await expect(answer.getByRole("note")).toHaveCount(0);
    await expect(answer.getByTestId("answer-text")).not.toBeEmpty();
  });

  await test.step("SIGINT stops the demo and the sidecar it started", () => stopDemo(run, "SIGINT"));
  expect(run.matching(STACK_FRAME), "no stack trace").toEqual([]);
});
