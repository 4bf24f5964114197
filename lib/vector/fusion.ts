/** Fuses rankings by reciprocal rank (Cormack et al.), the same formula Qdrant's RRF uses. */
const RRF_K = 60;

/**
 * Reciprocal-rank fusion: each ranking adds 1 / (k + rank) to an item's score (rank from 1).
 * Returns ids with fused scores, best first; ties keep the order of first appearance.
 */
export function fuseRankings(rankings: string[][], k = RRF_K): { id: string; score: number }[] {
  const scores = new Map<string, number>();
  for (const ranking of rankings) {
    ranking.forEach((id, index) => scores.set(id, (scores.get(id) ?? 0) + 1 / (k + index + 1)));
  }
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}
