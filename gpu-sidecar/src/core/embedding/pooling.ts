import type { Manifest } from "./manifest.js";

/**
 * Pools one sequence of a [batch, length, hidden] output into a vector.
 * Mean pooling averages only real tokens (attention mask 1), so padding never shifts a vector.
 */
export function pool(hidden: Float32Array, row: number, length: number, tokens: number, width: number, pooling: Manifest["pooling"]): Float32Array {
  const base = row * length * width;
  if (pooling === "cls") return hidden.slice(base, base + width);
  const out = new Float32Array(width);
  for (let t = 0; t < tokens; t++) {
    const offset = base + t * width;
    for (let d = 0; d < width; d++) out[d]! += hidden[offset + d]!;
  }
  for (let d = 0; d < width; d++) out[d]! /= tokens;
  return out;
}

export function l2Normalize(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let d = 0; d < vector.length; d++) vector[d]! /= norm;
  return vector;
}

/** Matryoshka truncation: keep the leading dimensions, then restore unit length. */
export function truncateDimensions(vector: Float32Array, dimensions: number): Float32Array {
  return dimensions >= vector.length ? vector : l2Normalize(vector.slice(0, dimensions));
}
