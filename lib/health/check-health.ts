import type { Config } from "@/lib/config/load";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { localModelInfoUrl, readLocalModelState } from "@/lib/llm/local-model";
import { httpOk, timed, withTimeout, writableDirectory, type ComponentHealth } from "./probes";

export type HealthReport = {
  /** ok: everything up; degraded: can serve, but the embedder or LLM is down; unavailable: cannot serve. */
  status: "ok" | "degraded" | "unavailable";
  /** lexical: answers come from the full-text index alone while the embedder is down. */
  search: "hybrid" | "lexical";
  checks: { database: ComponentHealth; vectorStore: ComponentHealth; embedder: ComponentHealth; llm: ComponentHealth };
  checkedAt: string;
};

const GEMINI_DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";
const OPENAI_BASE_URL = "https://api.openai.com/v1";

function checkDatabase(config: Config, db: PrismaClient | undefined): Promise<ComponentHealth> {
  if (!db) return Promise.resolve({ status: "down", provider: "postgresql", error: "DATABASE_URL is not set" });
  return timed("postgresql", () => withTimeout(db.$queryRaw`SELECT 1`.then(() => {}), config.HEALTH_TIMEOUT_MS, "PostgreSQL"));
}

function checkVectorStore(config: Config): Promise<ComponentHealth> {
  if (config.VECTOR_STORE === "qdrant") {
    const headers: Record<string, string> = config.QDRANT_API_KEY ? { "api-key": config.QDRANT_API_KEY } : {};
    return timed("qdrant", () => httpOk(`${config.QDRANT_URL}/readyz`, config.HEALTH_TIMEOUT_MS, headers));
  }
  return timed("lancedb", () => writableDirectory(config.paths.lancedb));
}

const geminiProbe = (config: Config) => () =>
  httpOk(`${(config.GEMINI_BASE_URL ?? GEMINI_DEFAULT_BASE_URL).replace(/\/$/, "")}/models?pageSize=1`, config.HEALTH_TIMEOUT_MS, { "x-goog-api-key": config.GEMINI_API_KEY ?? "" });

const openAiCompatibleProbe = (config: Config, baseUrl: string) => () =>
  httpOk(
    `${baseUrl.replace(/\/$/, "")}/models`,
    config.HEALTH_TIMEOUT_MS,
    config.LLM_API_KEY ? { authorization: `Bearer ${config.LLM_API_KEY}` } : {},
  );

export function checkEmbedder(config: Config): Promise<ComponentHealth> {
  switch (config.EMBEDDINGS_PROVIDER) {
    case "sidecar":
      return timed("sidecar", () => httpOk(`${config.EMBEDDINGS_URL.replace(/\/$/, "")}/health`, config.HEALTH_TIMEOUT_MS));
    case "gemini":
      return timed("gemini", geminiProbe(config));
    case "openai":
      return timed("openai", openAiCompatibleProbe(config, config.LLM_BASE_URL ?? OPENAI_BASE_URL));
  }
}

function checkLlm(config: Config): Promise<ComponentHealth> {
  switch (config.LLM_PROVIDER) {
    case "none":
      return Promise.resolve({ status: "not_configured", provider: "none" });
    case "local":
      return timed("local", async () => {
        const state = await readLocalModelState(localModelInfoUrl(config), config.HEALTH_TIMEOUT_MS);
        if (!state.ready) throw new Error(state.reason);
      });
    case "vllm":
      return timed("vllm", openAiCompatibleProbe(config, config.LLM_BASE_URL!));
    case "openai":
      return timed("openai", openAiCompatibleProbe(config, config.LLM_BASE_URL ?? OPENAI_BASE_URL));
    case "gemini":
      return timed("gemini", geminiProbe(config));
  }
}

/**
 * Whether the app can serve, from its two required components only: what an anonymous caller
 * learns, so a flood of health checks never reaches the model provider or the embedder.
 */
export async function checkServing(config: Config, db: PrismaClient | undefined): Promise<"ok" | "unavailable"> {
  const [database, vectorStore] = await Promise.all([checkDatabase(config, db), checkVectorStore(config)]);
  return database.status === "up" && vectorStore.status === "up" ? "ok" : "unavailable";
}

/**
 * Checks every component in parallel. The app can serve (answers, at worst retrieval-only or
 * "I don't know") while PostgreSQL and the vector store are up.
 */
export async function checkHealth(config: Config, db: PrismaClient | undefined): Promise<HealthReport> {
  const [database, vectorStore, embedder, llm] = await Promise.all([
    checkDatabase(config, db),
    checkVectorStore(config),
    checkEmbedder(config),
    checkLlm(config),
  ]);
  const canServe = database.status === "up" && vectorStore.status === "up";
  const allUp = embedder.status !== "down" && llm.status !== "down";
  return {
    status: !canServe ? "unavailable" : allUp ? "ok" : "degraded",
    search: embedder.status === "up" ? "hybrid" : "lexical",
    checks: { database, vectorStore, embedder, llm },
    checkedAt: new Date().toISOString(),
  };
}
