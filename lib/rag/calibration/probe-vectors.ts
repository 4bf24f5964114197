import type { EmbedTexts } from "@/lib/embeddings/embed-texts";
import type { VectorSpace } from "@/lib/vector/types";
import { OFF_TOPIC_PROBES } from "./probes";

// Probe vectors depend only on the model: made once per space and process (a few hundred texts).
const cache = new Map<string, Promise<number[][]>>();

/** The off-topic probe questions embedded as queries in the space. */
export function probeVectors(embed: EmbedTexts, space: VectorSpace): Promise<number[][]> {
  let vectors = cache.get(space.key);
  if (!vectors) {
    vectors = embed([...OFF_TOPIC_PROBES], "query");
    vectors.catch(() => cache.delete(space.key));
    cache.set(space.key, vectors);
  }
  return vectors;
}
