import type { Config } from "@/lib/config/load";
import { LanceDbStore } from "./lancedb";
import { createQdrantStore } from "./qdrant";
import type { VectorStore } from "./types";

/** The vector store chosen by VECTOR_STORE. */
export async function createVectorStore(config: Config): Promise<VectorStore> {
  if (config.VECTOR_STORE === "qdrant") {
    return createQdrantStore({
      url: config.QDRANT_URL!,
      apiKey: config.QDRANT_API_KEY,
      collections: { course: config.QDRANT_COLLECTION_COURSE, faq: config.QDRANT_COLLECTION_FAQ, org: config.QDRANT_COLLECTION_ORG },
      distribution: { shard_number: config.QDRANT_SHARDS, replication_factor: config.QDRANT_REPLICAS },
    });
  }
  return LanceDbStore.open(config.paths.lancedb);
}
