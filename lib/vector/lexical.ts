import { analyze } from "@/lib/text/analyzer";

/** A sparse vector as Qdrant stores it: parallel arrays, indices unique. */
export type SparseVector = { indices: number[]; values: number[] };

const utf8 = new TextEncoder();

/** FNV-1a, 32-bit, unsigned: a stable sparse index for a term that needs no shared vocabulary. */
export function termIndex(term: string): number {
  let hash = 0x811c9dc5;
  for (const byte of utf8.encode(term)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

// BM25 term-frequency saturation. Qdrant multiplies in the IDF at query time (the "idf" modifier),
// so a document vector carries only this part. Passages are chunked to a bounded size, so a fixed
// average length stands in for the corpus one, which a point cannot know when it is written.
const K1 = 1.2;
const B = 0.75;
const AVERAGE_TERMS = 120;

function termFrequencies(terms: string[]): Map<number, number> {
  // Two stems hashing to one index simply share it: Qdrant rejects repeated indices.
  const counts = new Map<number, number>();
  for (const term of terms) {
    const index = termIndex(term);
    counts.set(index, (counts.get(index) ?? 0) + 1);
  }
  return counts;
}

function toSparse(weights: Map<number, number>): SparseVector {
  const indices = [...weights.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((index) => weights.get(index) ?? 0) };
}

/** The sparse vector stored with a passage: BM25-saturated term frequencies. */
export function documentSparseVector(text: string): SparseVector {
  const terms = analyze(text);
  const lengthNorm = K1 * (1 - B + (B * terms.length) / AVERAGE_TERMS);
  const counts = termFrequencies(terms);
  for (const [index, tf] of counts) counts.set(index, (tf * (K1 + 1)) / (tf + lengthNorm));
  return toSparse(counts);
}

/** The sparse vector of a question: each distinct term once, as BM25 weighs query terms. */
export function querySparseVector(text: string): SparseVector {
  const counts = termFrequencies(analyze(text));
  for (const index of counts.keys()) counts.set(index, 1);
  return toSparse(counts);
}
