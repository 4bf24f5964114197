import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import type { JobStatus } from "@/lib/generated/prisma/client";
import { countIngestionJobs } from "@/lib/metrics/job-counts";

const TOKEN = "metrics-test-token-0123456789";
const db = createPrismaClient(inject("databaseUrl"));
const stamp = Date.now();
let GET: (request: Request) => Promise<Response>;

const scrape = (authorization?: string) => GET(new Request("http://app.test/api/metrics", { headers: authorization ? { authorization } : {} }));

/** A sample's value in Prometheus text, e.g. sample(text, 'ingestion_jobs{status="queued"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

beforeAll(async () => {
  // The route reads its settings and database from the environment, as in production.
  process.env.DATABASE_URL = inject("databaseUrl");
  process.env.METRICS_TOKEN = TOKEN;
  process.env.DATA_DIR = await mkdtemp(path.join(tmpdir(), "metrics-"));
  ({ GET } = await import("@/app/api/metrics/route"));
});

afterAll(async () => {
  await db.course.deleteMany({ where: { id: `metrics_${stamp}` } });
  await db.$disconnect();
});

describe("GET /api/metrics", () => {
  it("answers 401 without the bearer token or with a wrong one", async () => {
    for (const authorization of [undefined, "Bearer wrong-token", `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const response = await scrape(authorization);
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
  });

  it("shows ingestion jobs as they are in the jobs table at scrape time", async () => {
    const before = await countIngestionJobs(db);
    await db.course.create({ data: { id: `metrics_${stamp}`, slug: `metrics-${stamp}`, title: "Метрики" } });
    const statuses: JobStatus[] = ["QUEUED", "QUEUED", "RUNNING", "FAILED", "FAILED", "FAILED", "SUCCEEDED"];
    for (const [n, status] of statuses.entries()) {
      const document = await db.document.create({
        data: { courseId: `metrics_${stamp}`, fileName: `${n}.md`, title: `${n}`, type: "MARKDOWN", mimeType: "text/markdown", sizeBytes: 1, checksum: `${stamp}-${n}`, storagePath: `/tmp/${n}` },
      });
      await db.ingestionJob.create({ data: { documentId: document.id, status } });
    }
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(sample(text, 'ingestion_jobs{status="queued"}')).toBe(before.queued + 2);
    expect(sample(text, 'ingestion_jobs{status="running"}')).toBe(before.running + 1);
    expect(sample(text, 'ingestion_jobs{status="failed"}')).toBe(before.failed + 3);
    // The process's default metrics come along.
    expect(text).toContain("process_cpu_seconds_total");
    expect(text).toContain("nodejs_heap_size_used_bytes");
  });

  it("counts chat answers, tokens and failures the chat code records", async () => {
    const { recordChatAnswer } = await import("@/lib/metrics");
    recordChatAnswer({ provider: "gemini", model: "gemini-2.5-flash", mode: "LLM", search: "HYBRID", promptTokens: 1200, completionTokens: 300, ttftMs: 400, latencyMs: 2500, failed: false });
    recordChatAnswer({ provider: "gemini", model: "gemini-2.5-flash", mode: "LLM", search: "HYBRID", promptTokens: 800, completionTokens: 100, ttftMs: 600, latencyMs: 1500, failed: false });
    recordChatAnswer({ provider: "none", model: null, mode: "FAQ", search: "LEXICAL", ttftMs: 5, latencyMs: 10, failed: false });
    recordChatAnswer({ provider: "vllm", model: "qwen", mode: null, search: null, latencyMs: 60_000, failed: true });
    const text = await (await scrape(`Bearer ${TOKEN}`)).text();
    expect(sample(text, 'chat_answers_total{mode="LLM",provider="gemini"}')).toBe(2);
    expect(sample(text, 'chat_answers_total{mode="FAQ",provider="none"}')).toBe(1);
    expect(sample(text, 'chat_answer_errors_total{provider="vllm"}')).toBe(1);
    expect(sample(text, "chat_lexical_only_answers_total")).toBe(1);
    expect(sample(text, 'llm_tokens_total{provider="gemini",model="gemini-2.5-flash",direction="input"}')).toBe(2000);
    expect(sample(text, 'llm_tokens_total{provider="gemini",model="gemini-2.5-flash",direction="output"}')).toBe(400);
    expect(sample(text, 'chat_time_to_first_token_seconds_count{provider="gemini"}')).toBe(2);
    expect(sample(text, 'chat_time_to_first_token_seconds_bucket{le="0.5",provider="gemini"}')).toBe(1);
    expect(sample(text, 'chat_answer_duration_seconds_sum{provider="gemini"}')).toBe(4);
  });

  it("counts and times admin API requests by route pattern, not by URL", async () => {
    const { GET: courseGet } = await import("@/app/api/admin/courses/[courseId]/route");
    const response = await courseGet(new Request(`http://app.test/api/admin/courses/metrics_${stamp}`), { params: Promise.resolve({ courseId: `metrics_${stamp}` }) });
    expect(response.status).toBe(401);
    const text = await (await scrape(`Bearer ${TOKEN}`)).text();
    const series = '{route="/api/admin/courses/[courseId]",method="GET",status="401"}';
    expect(sample(text, `http_requests_total${series}`)).toBe(1);
    expect(sample(text, `http_request_duration_seconds_count${series}`)).toBe(1);
    expect(text).not.toContain(`metrics_${stamp}`);

    // Next.js passes static routes no params.
    const { GET: coursesGet } = await import("@/app/api/admin/courses/route");
    const noParams = { params: Promise.resolve(undefined as unknown as Record<string, never>) };
    expect((await coursesGet(new Request("http://app.test/api/admin/courses"), noParams)).status).toBe(401);
    expect(sample(await (await scrape(`Bearer ${TOKEN}`)).text(), 'http_requests_total{route="/api/admin/courses",method="GET",status="401"}')).toBe(1);
  });

  it("is off (404) while no token is configured", async () => {
    const { metricsResponse } = await import("@/lib/metrics/endpoint");
    const { getMetrics } = await import("@/lib/metrics");
    const response = await metricsResponse(new Request("http://app.test/api/metrics", { headers: { authorization: "Bearer anything" } }), undefined, getMetrics().registry);
    expect(response.status).toBe(404);
  });
});
