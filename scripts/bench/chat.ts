import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseConfig } from "@/lib/config/load";
import { createPrismaClient } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrations";
import { createEmbedder } from "@/lib/embeddings";
import { parseDocument } from "@/lib/rag/parse";
import { ragServicesOf } from "@/lib/rag/services";
import { LanceDbStore } from "@/lib/vector/lancedb";
import { dropDatabase, recreateDatabase } from "../../tests/support/databases";
import { indexedDemoCourse } from "../../tests/support/demo-course";
import { startRetrievalSidecar } from "../../tests/support/embedding-sidecar";
import { buildApp, buildIsStale, exitCodeOf, runAppServer, waitForHttp } from "../lib/next-app";
import { freePort } from "../lib/ports";
import { ms, percentile } from "./stats";

// The app's time to first token over a stand-in LLM with a fixed TTFT, at 1, 8 and 32 concurrent
// chats: the production server (scripts/app-server.ts, as `npm start` runs it) with real PostgreSQL, LanceDB and the embedding
// sidecar (fixture model); the stand-in LLM (vLLM wire format) and this client run in processes
// of their own. Overhead = what the client measures minus the stand-in's own TTFT: visitor and
// chat rows, history, question embedding, hybrid search in three collections, prompt, the call
// to the model and re-streaming its first token.
const STAND_IN_TTFT_MS = 200;
const TOKEN_INTERVAL_MS = 20;
const ANSWER_TOKENS = 30;
// One chat lasts about this long at the stand-in's pace; clients start this far apart divided by
// their number, so the level holds that many chats in flight without all of them arriving in the
// same millisecond. The last row sends all of them at once, to show a burst as well.
const CHAT_MS = STAND_IN_TTFT_MS + ANSWER_TOKENS * TOKEN_INTERVAL_MS;
const LEVELS = [
  { label: "1", concurrency: 1, perClient: 30, staggered: true },
  { label: "8", concurrency: 8, perClient: 10, staggered: true },
  { label: "32", concurrency: 32, perClient: 8, staggered: true },
  { label: "32 burst", concurrency: 32, perClient: 1, staggered: false },
];
const QUESTIONS = ["Какие типы данных есть в Python?", "Какие основные типы данных в Python?", "Какие типы данных и их преобразование есть в Python?"];
const DATABASE = "course_assistant_bench_chat";

const databaseUrl = await recreateDatabase(DATABASE);
await applyMigrations(databaseUrl);
const db = createPrismaClient(databaseUrl);
const sidecar = await startRetrievalSidecar();
const dataDir = await mkdtemp(path.join(tmpdir(), "bench-chat-"));
const config = parseConfig({ DATA_DIR: dataDir, EMBEDDINGS_URL: sidecar.url });
const store = await LanceDbStore.open(config.paths.lancedb);
const { slug, courseId } = await indexedDemoCourse({ ...ragServicesOf(config, db, store, createEmbedder(config).embed), parse: parseDocument }, "bench");
// Floors at the bottom, so every numbered question finds passages and goes to the model: this measures timing, not relevance.
await db.course.update({ where: { id: courseId }, data: { denseFloorOverride: -1, lexicalFloorOverride: 0 } });
await store.close();
await db.$disconnect();

const llm = spawn(process.execPath, ["--import", "tsx", "tests/support/llm-stand-in-main.ts"], {
  env: {
    ...process.env,
    STAND_IN_SCRIPT: JSON.stringify({ ttftMs: STAND_IN_TTFT_MS, tokenIntervalMs: TOKEN_INTERVAL_MS, tokens: Array.from({ length: ANSWER_TOKENS }, (_, i) => `слово${i} `) }),
  },
  stdio: ["ignore", "pipe", "inherit"],
});
const llmUrl = await new Promise<string>((resolve) => createInterface({ input: llm.stdout! }).once("line", (line) => resolve((JSON.parse(line) as { url: string }).url)));

const port = await freePort(3900);
const env = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  DATA_DIR: dataDir,
  EMBEDDINGS_URL: sidecar.url,
  LLM_PROVIDER: "vllm",
  LLM_BASE_URL: `${llmUrl}/v1`,
  LLM_MODEL: "stand-in",
  FAQ_DIRECT_ANSWER_TERM_SHARE: "1",
  FAQ_DIRECT_ANSWER_MARGIN: "1",
  // Every client is one address and most chats a new visitor: the limits are not what is measured
  // (their PostgreSQL round trips are).
  CHAT_RATE_LIMIT_PER_MINUTE: "10000",
  VISITORS_PER_ADDRESS_PER_HOUR: "1000000",
};
if (buildIsStale()) {
  console.log("Building the app ...");
  await buildApp(env);
}
const app = runAppServer({ ...env, PORT: String(port), HOST: "127.0.0.1" });
await waitForHttp(`http://127.0.0.1:${port}/api/health`, app);
const url = `http://127.0.0.1:${port}/api/chat`;

// Linux's USER_HZ, the unit of /proc/<pid>/stat's CPU times.
const CLOCK_TICKS_PER_S = 100;

/**
 * CPU seconds the app server has used (user + system, all its threads), from /proc; null where
 * there is no /proc. Over a level, divided by its chats: what one chat costs the server, including
 * what it spends between chats (so the 1-chat level, with the most time between chats, reads high).
 */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
  } catch {
    return null;
  }
}

type Sample = { ttftMs: number; ok: boolean };

async function chat(question: string): Promise<Sample> {
  const started = performance.now();
  try {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ courseSlug: slug, message: question }) });
    if (response.status !== 200 || !response.body) return { ttftMs: 0, ok: false };
    let ttftMs = 0;
    let text = "";
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      text += decoder.decode(read.value, { stream: true });
      if (!ttftMs && text.includes('"type":"text-delta"')) ttftMs = performance.now() - started;
    }
    const ok = ttftMs > 0 && text.includes('"answerMode":"LLM"') && text.includes('"status":"COMPLETE"');
    return { ttftMs, ok };
  } catch {
    return { ttftMs: 0, ok: false };
  }
}

// Warm-up: connections, the sidecar's session, LanceDB's indexes.
for (const question of QUESTIONS) await chat(question);

console.log(`Stand-in LLM: TTFT ${STAND_IN_TTFT_MS} ms, then a token every ${TOKEN_INTERVAL_MS} ms (${ANSWER_TOKENS} tokens).`);
console.log("concurrent | chats | app TTFT p50 | p95 | overhead p50 | overhead p95 | throughput | app CPU/chat | errors");
for (const { label, concurrency, perClient, staggered } of LEVELS) {
  const samples: Sample[] = [];
  const started = performance.now();
  const cpuBefore = cpuSeconds(app.pid!);
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      if (staggered) await new Promise((resolve) => setTimeout(resolve, (client * CHAT_MS) / concurrency));
      // Every question is new (numbered), so no layer can answer it from a cache.
      for (let i = 0; i < perClient; i++) samples.push(await chat(`${QUESTIONS[(client + i) % QUESTIONS.length]} (${label}-${client}-${i})`));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpuSeconds(app.pid!);
  const cpuPerChat = cpuBefore === null || cpuAfter === null ? "n/a" : ms(((cpuAfter - cpuBefore) * 1000) / samples.length);
  const good = samples.filter((s) => s.ok).map((s) => s.ttftMs);
  const p50 = percentile(good, 50);
  const p95 = percentile(good, 95);
  console.log(
    [
      label.padStart(10),
      String(samples.length).padStart(5),
      ms(p50).padStart(12),
      ms(p95).padStart(9),
      ms(p50 - STAND_IN_TTFT_MS).padStart(12),
      ms(p95 - STAND_IN_TTFT_MS).padStart(12),
      `${(samples.length / seconds).toFixed(1)} chats/s`.padStart(13),
      cpuPerChat.padStart(12),
      String(samples.length - good.length).padStart(6),
    ].join(" | "),
  );
}

app.kill("SIGTERM");
llm.kill("SIGTERM");
await Promise.all([exitCodeOf(app), exitCodeOf(llm)]);
await sidecar.close();
await dropDatabase(DATABASE);
await rm(dataDir, { recursive: true, force: true });
