import { cosineSimilarity } from "@/lib/vector/point-id";
import type { VectorSpace } from "@/lib/vector/types";
import type { EmbedTexts } from "../embed-types";
import { OFF_TOPIC_PROBES } from "./probes";
import { percentileOf } from "./percentile";

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

/** Two different questions are this similar at most, in this share of probe pairs (as a percentage). */
const GROUPING_PERCENTILE = 99;

/**
 * How similar two questions must be to count as one in this space: above what nearly all pairs of
 * unrelated probe questions reach. A fixed cosine would group everything under an encoder such as
 * e5, whose unrelated questions already score 0.8.
 */
export async function sameQuestionSimilarity(embed: EmbedTexts, space: VectorSpace): Promise<number> {
  const vectors = await probeVectors(embed, space);
  const pairs: number[] = [];
  for (let i = 0; i < vectors.length; i++) {
    for (let j = i + 1; j < vectors.length; j++) pairs.push(cosineSimilarity(vectors[i], vectors[j]));
  }
  return percentileOf(pairs, GROUPING_PERCENTILE);
}
