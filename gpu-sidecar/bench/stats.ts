export type RunResult = { label: string; texts: number; tokens: number; seconds: number; latenciesMs: number[] };

export function percentile(values: readonly number[], p: number): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/**
 * Sends `texts` one per call from `concurrency` callers and records each call's latency.
 * Throughput is over wall time, so it shows how well concurrent callers share the hardware.
 */
export async function measure(label: string, texts: readonly string[], tokens: number, concurrency: number, call: (text: string) => Promise<unknown>): Promise<RunResult> {
  const latenciesMs: number[] = new Array(texts.length);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < texts.length) {
        const index = next++;
        const sent = performance.now();
        await call(texts[index]!);
        latenciesMs[index] = performance.now() - sent;
      }
    }),
  );
  return { label, texts: texts.length, tokens, seconds: (performance.now() - start) / 1000, latenciesMs };
}

export function summarize(result: RunResult) {
  return {
    run: result.label,
    "texts/s": Number((result.texts / result.seconds).toFixed(1)),
    "tokens/s": Math.round(result.tokens / result.seconds),
    "p50 ms": Number(percentile(result.latenciesMs, 50).toFixed(2)),
    "p95 ms": Number(percentile(result.latenciesMs, 95).toFixed(2)),
  };
}
