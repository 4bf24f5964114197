import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseConfig } from "@/lib/config/load";
import { createPrismaClient } from "@/lib/db/client";
import { checkHealth } from "@/lib/health/check-health";
import { closedPort, startStub, type StubServer } from "../support/http-stub";

const db = createPrismaClient(inject("databaseUrl"));
let dataDir: string;
let down: string;
let upstream: StubServer;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "health-"));
  down = `http://127.0.0.1:${await closedPort()}`;
  // Answers like Qdrant's /readyz, the sidecar's /health and an OpenAI-compatible /v1/models.
  upstream = await startStub((req, res) => {
    if (req.url === "/readyz" || req.url === "/health") res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    else if (req.url === "/v1/models") res.writeHead(200, { "content-type": "application/json" }).end('{"object":"list","data":[]}');
    else res.writeHead(404).end();
  });
});
afterAll(async () => {
  await upstream.close();
  await db.$disconnect();
});

describe("checkHealth", () => {
  it("serves (degraded) on embedded defaults with the embedder down and no LLM", async () => {
    const config = parseConfig({ DATA_DIR: dataDir, EMBEDDINGS_URL: down, HEALTH_TIMEOUT_MS: "1000" });
    const report = await checkHealth(config, db);
    expect(report).toMatchObject({ status: "degraded", search: "lexical" });
    expect(report.checks.database).toMatchObject({ status: "up", provider: "postgresql" });
    expect(report.checks.vectorStore).toMatchObject({ status: "up", provider: "lancedb" });
    expect(report.checks.embedder).toMatchObject({ status: "down", provider: "sidecar", error: expect.stringContaining("ECONNREFUSED") });
    expect(report.checks.llm).toEqual({ status: "not_configured", provider: "none" });
  });

  it("is ok when every configured component answers", async () => {
    const config = parseConfig({
      DATA_DIR: dataDir,
      VECTOR_STORE: "qdrant",
      QDRANT_URL: upstream.url,
      QDRANT_API_KEY: "qdrant-secret",
      EMBEDDINGS_URL: upstream.url,
      LLM_PROVIDER: "vllm",
      LLM_BASE_URL: `${upstream.url}/v1`,
      LLM_MODEL: "saiga",
      LLM_API_KEY: "vllm-secret",
    });
    const report = await checkHealth(config, db);
    expect(report).toMatchObject({ status: "ok", search: "hybrid" });
    expect(Object.values(report.checks).map((c) => `${c.provider}:${c.status}`)).toEqual([
      "postgresql:up",
      "qdrant:up",
      "sidecar:up",
      "vllm:up",
    ]);
    const headersOf = (p: string) => upstream.requests.find((r) => r.path === p)?.headers;
    expect(headersOf("/readyz")?.["api-key"]).toBe("qdrant-secret");
    expect(headersOf("/v1/models")?.authorization).toBe("Bearer vllm-secret");
  });

  it("is unavailable when PostgreSQL cannot be reached", async () => {
    const port = await closedPort();
    const unreachable = createPrismaClient(`postgresql://postgres@127.0.0.1:${port}/nowhere`);
    const config = parseConfig({ DATA_DIR: dataDir, EMBEDDINGS_URL: upstream.url });
    const report = await checkHealth(config, unreachable);
    expect(report.status).toBe("unavailable");
    expect(report.checks.database.status).toBe("down");
    expect(report.checks.database.error).toBeTruthy();
    await unreachable.$disconnect();
  });

  it("is unavailable when the vector store is down, and reports an LLM that answers with an error", async () => {
    const config = parseConfig({
      DATA_DIR: dataDir,
      VECTOR_STORE: "qdrant",
      QDRANT_URL: down,
      EMBEDDINGS_URL: upstream.url,
      LLM_PROVIDER: "openai",
      LLM_BASE_URL: `${upstream.url}/missing`,
      LLM_MODEL: "gpt",
      LLM_API_KEY: "k",
    });
    const report = await checkHealth(config, db);
    expect(report.status).toBe("unavailable");
    expect(report.checks.vectorStore.status).toBe("down");
    expect(report.checks.llm).toMatchObject({ status: "down", error: "GET /missing/models answered HTTP 404" });
  });
});
