import type { Config } from "@/lib/config/load";
import { getConfig } from "@/lib/config/load";
import { getDb } from "@/lib/db/client";
import { getEmbedder } from "@/lib/embeddings";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createVectorStore } from "@/lib/vector/create-store";
import type { VectorStore } from "@/lib/vector/types";
import type { EmbedTexts } from "./embed-types";

export type RagServices = { config: Config; db: PrismaClient; store: VectorStore; embed: EmbedTexts };

let services: Promise<RagServices> | undefined;

/**
 * The knowledge base's parts as configured (one set per process): database, vector store and
 * embedder. Parsers are not among them: only the ingestion worker reads files, and keeping
 * pdf.js out of the web server's bundle is what lets route handlers import this.
 */
export function getRagServices(): Promise<RagServices> {
  services ??= (async () => {
    const config = getConfig();
    return { config, db: getDb(), store: await createVectorStore(config), embed: getEmbedder().embed };
  })();
  return services;
}
