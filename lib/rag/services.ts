import { getConfig } from "@/lib/config/load";
import { getDb } from "@/lib/db/client";
import { getEmbedder } from "@/lib/embeddings";
import { createVectorStore } from "@/lib/vector/create-store";
import type { IngestDeps } from "./ingest/ingest-document";
import { parseDocument } from "./parse";

let services: Promise<IngestDeps> | undefined;

/** The knowledge base's parts as configured (one set per process): database, vector store, embedder, parser. */
export function getRagServices(): Promise<IngestDeps> {
  services ??= (async () => {
    const config = getConfig();
    const embedder = getEmbedder();
    return { config, db: getDb(), store: await createVectorStore(config), embed: embedder.embed, parse: parseDocument };
  })();
  return services;
}
