import type { Config } from "@/lib/config/load";
import { getConfig } from "@/lib/config/load";
import { getDb } from "@/lib/db/client";
import { getEmbedder } from "@/lib/embeddings";
import { createSpaceTracker, type SpaceTracker } from "@/lib/embeddings/space";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createVectorStore } from "@/lib/vector/create-store";
import type { VectorStore } from "@/lib/vector/types";
import type { EmbedTexts } from "@/lib/embeddings/embed-texts";

export type RagServices = { config: Config; db: PrismaClient; store: VectorStore; embed: EmbedTexts; spaces: SpaceTracker };

let services: Promise<RagServices> | undefined;

/** The knowledge base's parts over an embedder: the space tracker that tells which model answers. */
export function ragServicesOf(config: Config, db: PrismaClient, store: VectorStore, embed: EmbedTexts): RagServices {
  return { config, db, store, embed, spaces: createSpaceTracker(embed, { timeoutMs: config.EMBEDDINGS_QUERY_TIMEOUT_MS }) };
}

/**
 * The knowledge base's parts as configured (one set per process): database, vector store and
 * embedder. Parsers are not among them: only the ingestion worker reads files, and keeping
 * pdf.js out of the web server's bundle is what lets route handlers import this.
 */
export function getRagServices(): Promise<RagServices> {
  services ??= (async () => {
    const config = getConfig();
    return ragServicesOf(config, getDb(), await createVectorStore(config), getEmbedder().embed);
  })();
  return services;
}
