/** The value at or below which `percentile` % of the values fall (nearest rank). */
export function percentileOf(values: number[], percentile: number): number {
  const sorted = values.toSorted((a, b) => a - b);
  const rank = Math.ceil((percentile / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}
