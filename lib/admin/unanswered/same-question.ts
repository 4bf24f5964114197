import type { EmbedTexts } from "@/lib/embeddings/embed-texts";
import { percentileOf } from "@/lib/rag/calibration/percentile";
import { probeVectors } from "@/lib/rag/calibration/probe-vectors";
import { cosineSimilarity } from "@/lib/vector/similarity";
import type { VectorSpace } from "@/lib/vector/types";

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
