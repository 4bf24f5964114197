import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { BatchReport } from "./batcher.js";

/** From a millisecond to ten seconds: the span of tokenisation, queue waits and forward passes. */
export const secondsBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type EmbeddingMetrics = ReturnType<typeof registerEmbeddingMetrics>;

/** The embedding work: tokenisation, queueing and batches, on the sidecar's registry. */
export function registerEmbeddingMetrics(registry: Registry) {
  const registers = [registry];
  return {
    tokenization: new Histogram({ name: "sidecar_tokenization_seconds", help: "Tokenisation time per request", buckets: secondsBuckets, registers }),
    queueWait: new Histogram({ name: "sidecar_queue_wait_seconds", help: "Time an input waited in the queue before its batch started", buckets: secondsBuckets, registers }),
    inference: new Histogram({ name: "sidecar_inference_seconds", help: "Forward pass time per batch", buckets: secondsBuckets, registers }),
    batchSize: new Histogram({ name: "sidecar_batch_size", help: "Inputs per batch", buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512], registers }),
    batchTokens: new Histogram({ name: "sidecar_batch_tokens", help: "Real (unpadded) tokens per batch", buckets: [16, 64, 256, 1024, 4096, 16384, 65536], registers }),
    tokens: new Counter({ name: "sidecar_tokens_total", help: "Tokens embedded; rate() gives tokens per second", registers }),
    paddedTokens: new Counter({ name: "sidecar_padded_tokens_total", help: "Tokens computed including padding; compare with sidecar_tokens_total for padding waste", registers }),
    tokensPerSecond: new Gauge({ name: "sidecar_tokens_per_second", help: "Tokens per second of inference in the latest batch", registers }),
    queueSize: new Gauge({ name: "sidecar_queue_inputs", help: "Inputs waiting for a batch", registers }),
    inflight: new Gauge({ name: "sidecar_inflight_requests", help: "Embedding requests admitted and not yet answered", registers }),
  };
}

export function recordBatch(metrics: EmbeddingMetrics, report: BatchReport): void {
  metrics.batchSize.observe(report.size);
  metrics.batchTokens.observe(report.tokens);
  metrics.inference.observe(report.inferenceMs / 1000);
  metrics.tokens.inc(report.tokens);
  metrics.paddedTokens.inc(report.paddedTokens);
  if (report.inferenceMs > 0) metrics.tokensPerSecond.set(report.tokens / (report.inferenceMs / 1000));
  for (const wait of report.queueWaitsMs) metrics.queueWait.observe(wait / 1000);
}
