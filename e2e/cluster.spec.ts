import { spawn, type ChildProcess } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { applyMigrations } from "../lib/db/migrations";
import { recreateDatabase, query } from "../tests/support/databases";
import { startRetrievalSidecar } from "../tests/support/embedding-sidecar";
import { startLlmStandIn, type LlmStandIn } from "../tests/support/llm-stand-in";
import { startQdrantStandIn, type QdrantStandIn } from "../tests/support/qdrant-stand-in";
import { readUiChunks } from "../tests/support/ui-stream";
import { E2E_AUTH_SECRET } from "../playwright.config";
import { createUser, sessionCookie, SESSION_COOKIE } from "./support/staff";

// The production layout on one machine: two app servers (scripts/app-server.ts, as `npm start`
// runs them) and two ingestion workers on one PostgreSQL and one vector store (Qdrant, here its
// stand-in speaking Qdrant's HTTP API), with the real embedding sidecar, behind a "load balancer" on loopback
// (TRUSTED_PROXIES=127.0.0.1/32, so each request's client is the rightmost X-Forwarded-For entry,
// the one a real proxy appends). Whatever server a request lands on, limits, budgets, jobs and
// chats are the same.
const BASE_PORT = Number(process.env.E2E_PORT ?? 3100) + 30;
const PORTS = [BASE_PORT, BASE_PORT + 1];
const DATA_DIR = ".data/e2e-cluster";
const BUDGET = 6000;
const COURSE_SLUG = "cluster-course";
const QUESTION = "Какие типы данных есть в Python?";

type Proc = { name: string; child: ChildProcess; output: string[] };
const processes: Proc[] = [];
let database: string;
let llm: LlmStandIn;
let qdrant: QdrantStandIn;
let sidecar: Awaited<ReturnType<typeof startRetrievalSidecar>>;
let courseId: string;
let adminCookie: string;

const sql = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) => query<T>(database, text, params);

function start(name: string, script: string, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    env: { ...process.env, ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const proc = { name, child, output: [] as string[] };
  for (const stream of [child.stdout!, child.stderr!]) stream.on("data", (data: Buffer) => proc.output.push(data.toString()));
  processes.push(proc);
  return proc;
}

async function waitUntilUp(port: number, proc: Proc) {
  await expect
    .poll(
      async () => {
        if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited: ${proc.output.join("")}`);
        return fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.status, () => 0);
      },
      { timeout: 90_000, intervals: [500] },
    )
    .toBeGreaterThan(0);
}

const url = (server: number, route: string) => `http://127.0.0.1:${PORTS[server]}${route}`;

/** A question as the load balancer passes it on: the client's own X-Forwarded-For, then the address it came from. */
function ask(server: number, client: string, body: Record<string, unknown>, options: { claimed?: string; cookie?: string } = {}) {
  return fetch(url(server, "/api/chat"), {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-forwarded-for": options.claimed ? `${options.claimed}, ${client}` : client,
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
    body: JSON.stringify({ courseSlug: COURSE_SLUG, ...body }),
  });
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await rm(DATA_DIR, { recursive: true, force: true });
  database = await recreateDatabase("course_assistant_e2e_cluster");
  await applyMigrations(database);
  llm = await startLlmStandIn();
  qdrant = await startQdrantStandIn();
  sidecar = await startRetrievalSidecar();
  const admin = await createUser("ADMIN", { database });
  adminCookie = `${SESSION_COOKIE}=${await sessionCookie(admin.id, database)}`;
  [{ id: courseId }] = await sql<{ id: string }>(
    `INSERT INTO "Course" (id, slug, title, "publishedAt", "updatedAt") VALUES ('cluster_course', $1, 'Python в кластере', now(), now()) RETURNING id`,
    [COURSE_SLUG],
  );
  const env = {
    DATABASE_URL: database,
    DATA_DIR,
    AUTH_SECRET: E2E_AUTH_SECRET,
    EMBEDDINGS_URL: sidecar.url,
    VECTOR_STORE: "qdrant",
    QDRANT_URL: qdrant.url,
    LLM_PROVIDER: "vllm",
    LLM_BASE_URL: `${llm.url}/v1`,
    LLM_MODEL: "Qwen/Qwen2.5-7B-Instruct",
    LLM_MAX_TOKENS: "200",
    LLM_DAILY_TOKENS: String(BUDGET),
    CHAT_RATE_LIMIT_PER_MINUTE: "4",
    VISITORS_PER_ADDRESS_PER_HOUR: "30",
    TRUSTED_PROXIES: "127.0.0.1/32",
  };
  const servers = PORTS.map((port, i) => start(`app ${i + 1}`, "scripts/app-server.ts", { ...env, PORT: String(port), HOST: "127.0.0.1" }));
  start("worker 1", "scripts/worker.ts", env);
  start("worker 2", "scripts/worker.ts", env);
  await Promise.all(PORTS.map((port, i) => waitUntilUp(port, servers[i]!)));
});

test.afterAll(async () => {
  for (const { child } of processes) if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGTERM");
  await Promise.all(processes.map(({ child }) => (child.exitCode !== null ? null : new Promise((resolve) => child.once("exit", resolve)))));
  await Promise.all([llm?.close(), qdrant?.close(), sidecar?.close()]);
});

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    for (const proc of processes) await testInfo.attach(`${proc.name} output`, { body: proc.output.join(""), contentType: "text/plain" });
  }
});

test("documents uploaded on one server are indexed once each by two workers into the one vector store and show as ready on the other", async () => {
  const lecture = await readFile(path.resolve("demo/materials/02-variables-and-types.md"), "utf8");
  const form = new FormData();
  for (let part = 1; part <= 6; part++) form.append("files", new Blob([`${lecture}\n\nЧасть ${part} из 6.\n`]), `lecture-part-${part}.md`);
  const upload = await fetch(url(0, `/api/admin/courses/${courseId}/documents`), { method: "POST", headers: { cookie: adminCookie }, body: form });
  expect(upload.status, await upload.clone().text()).toBe(201);

  await expect
    .poll(
      async () => {
        const response = await fetch(url(1, `/api/admin/courses/${courseId}/documents`), { headers: { cookie: adminCookie } });
        const { documents } = (await response.json()) as { documents: { status: string }[] };
        return documents.map((d) => d.status).join(",");
      },
      { message: "all six ready, as the other server sees them", timeout: 90_000, intervals: [1000] },
    )
    .toBe(Array(6).fill("READY").join(","));

  const jobs = await sql<{ documentId: string; kind: string; status: string; attempts: number }>(
    `SELECT j."documentId", j.kind, j.status, j.attempts FROM "IngestionJob" j JOIN "Document" d ON d.id = j."documentId" WHERE d."courseId" = $1`,
    [courseId],
  );
  expect(new Set(jobs.map((job) => job.documentId)).size).toBe(6);
  expect(new Set(jobs.map((job) => `${job.documentId} ${job.kind}`)).size, "no job of a kind twice for a document").toBe(jobs.length);
  expect(jobs.filter((job) => job.status !== "SUCCEEDED" || job.attempts !== 1), "every job claimed once and done").toEqual([]);
  const withVectors = await sql<{ n: string }>(`SELECT count(*)::text AS n FROM "Document" WHERE "courseId" = $1 AND "vectorKey" IS NOT NULL`, [courseId]);
  expect(withVectors[0]!.n, "every document has its vectors in Qdrant").toBe("6");
  expect(qdrant.violations, "every Qdrant request and answer as the API defines it").toEqual([]);
});

test("a chat begun on one server goes on on the other, with its history", async () => {
  const first = await ask(0, "203.0.113.50", { message: QUESTION });
  expect(first.status).toBe(200);
  const cookie = /ca_visitor=[^;]+/.exec(first.headers.get("set-cookie") ?? "")![0];
  const start = (await readUiChunks(first)).find((c) => c.type === "start") as { messageMetadata: { chatId: string } };
  const chatId = start.messageMetadata.chatId;

  const second = await ask(1, "203.0.113.50", { chatId, message: QUESTION }, { cookie });
  expect(second.status).toBe(200);
  await readUiChunks(second);
  const history = await fetch(url(0, `/api/chats/${chatId}`), { headers: { cookie } });
  expect(history.status).toBe(200);
  const { messages } = (await history.json()) as { messages: { role: string }[] };
  expect(messages.map((m) => m.role.toLowerCase())).toEqual(["user", "assistant", "user", "assistant"]);
});

test("a flood of cookieless questions with made-up X-Forwarded-For, spread over both servers, gets one address's share; the token budget holds", async () => {
  const outcomes: { status: number; code: string }[] = [];
  for (let batch = 0; batch < 6; batch++) {
    outcomes.push(
      ...(await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const n = batch * 10 + i;
          const response = await ask(n % 2, "198.51.100.9", { message: QUESTION }, { claimed: `10.${n}.${n % 7}.1` });
          if (response.status !== 200) return { status: response.status, code: ((await response.json()) as { error: { code: string } }).error.code };
          const finish = (await readUiChunks(response)).at(-1) as { messageMetadata?: { answerMode?: string } };
          return { status: 200, code: finish.messageMetadata?.answerMode ?? "?" };
        }),
      )),
    );
  }
  // 4 questions a minute per student, five students' worth per address; 30 new visitors an hour.
  expect(outcomes.filter((o) => o.status === 200)).toHaveLength(20);
  expect(outcomes.filter((o) => o.code === "rate_limited")).toHaveLength(10);
  expect(outcomes.filter((o) => o.code === "too_many_visitors")).toHaveLength(30);

  const answers = await sql<{ answerMode: string; status: string }>(
    `SELECT m."answerMode", m.status FROM "Message" m JOIN "Chat" c ON c.id = m."chatId" JOIN "Course" k ON k.id = c."courseId" WHERE k.slug = $1 AND m.role = 'ASSISTANT'`,
    [COURSE_SLUG],
  );
  expect(answers, "every answer of both tests is stored, complete").toHaveLength(22);
  expect(answers.every((a) => a.status === "COMPLETE")).toBe(true);
  const byModel = answers.filter((a) => a.answerMode === "LLM").length;
  expect(byModel, "some answers came from the model").toBeGreaterThan(0);
  expect(answers.filter((a) => a.answerMode === "RETRIEVAL_ONLY").length, "the rest quote the materials once the budget is spent").toBe(22 - byModel);
  expect(llm.requests, "the model was asked once per model answer, by either server").toHaveLength(byModel);
  const [usage] = await sql<{ tokens: string }>(`SELECT tokens::text FROM "TokenUsage" WHERE scope = 'global'`);
  expect(Number(usage!.tokens)).toBeGreaterThan(0);
  expect(Number(usage!.tokens)).toBeLessThanOrEqual(BUDGET);
});
