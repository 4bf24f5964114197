import "server-only";
import type { ChatDeps } from "@/lib/chat/services";
import { getConfig, type Config } from "@/lib/config/load";
import { getDb } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getMetrics } from "@/lib/metrics";
import type { Metrics } from "@/lib/metrics/registry";
import type { RagServices } from "@/lib/rag/services";
import { SharedLimiter } from "@/lib/rate-limit/shared-limiter";

/**
 * What request handlers work with, one set per process, handed to them by the route wrappers.
 * Each part is made on first use and is the very instance the process's getters hand the scripts
 * and pages (getDb, getRagServices, getMetrics): the health check answers without a database, and
 * a route that never searches opens neither the vector store nor the embedder. Those two parts are
 * imported on first use too: pages, sign-in and the health check never load the vector store's
 * native module or the model providers.
 */
export type Container = {
  readonly config: Config;
  /** Throws DatabaseNotConfiguredError while DATABASE_URL is not set. */
  readonly db: PrismaClient;
  /** Rate limits shared by every app instance (counted in PostgreSQL). */
  readonly limiter: SharedLimiter;
  readonly metrics: Metrics;
  /** The knowledge base: database, vector store, embedder and the space tracker over it. */
  rag(): Promise<RagServices>;
  /** The chat's parts: the knowledge base's retrieval, the configured model and the limiter. */
  chat(): Promise<ChatDeps>;
};

function createContainer(config: Config): Container {
  let limiter: SharedLimiter | undefined;
  let chat: Promise<ChatDeps> | undefined;
  const container: Container = {
    config,
    get db() {
      return getDb();
    },
    get limiter() {
      limiter ??= new SharedLimiter(getDb());
      return limiter;
    },
    get metrics() {
      return getMetrics();
    },
    async rag() {
      return (await import("@/lib/rag/services")).getRagServices();
    },
    chat() {
      chat ??= (async () => {
        const [rag, { createChatDeps }, { retrieve }] = await Promise.all([container.rag(), import("@/lib/chat/services"), import("@/lib/rag/retrieve")]);
        return createChatDeps(rag.config, rag.db, (options) => retrieve(rag, options), container.limiter);
      })();
      return chat;
    },
  };
  return container;
}

let container: Container | undefined;

/** The process's container, built once from the validated configuration. */
export function getContainer(): Container {
  container ??= createContainer(getConfig());
  return container;
}
