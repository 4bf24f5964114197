import { messageOf, SidecarError } from "../errors.js";
import type { Sidecar } from "../sidecar.js";
import { checkDimensions, tokenizeInputs, type EmbeddingRequest, type Job } from "./inputs.js";
import { truncateDimensions } from "./pooling.js";

/** A request's vectors, sized as it asked, and where its time went. */
export type Embeddings = { vectors: Float32Array[]; model: string; tokens: number; tokenizationMs: number; queueMs: number; inferenceMs: number };

/**
 * Serves one embedding request. It is admitted only while the sidecar is ready and under
 * SIDECAR_MAX_CONCURRENT_REQUESTS, and counts as arriving while `receive` reads it and its inputs
 * are tokenised: the batcher holds a batch back for arriving requests.
 */
export async function embed<T extends EmbeddingRequest>(sidecar: Sidecar, receive: () => Promise<T>): Promise<{ request: T; embeddings: Embeddings }> {
  const { settings, metrics, engine } = sidecar;
  if (sidecar.phase !== "ready" || !engine) {
    const message = sidecar.phase === "loading" ? "the model is still loading" : "the server is not serving (shutting down or failed to load)";
    throw new SidecarError("unavailable", message, { retryAfterSeconds: 1 });
  }
  if (sidecar.inflight >= settings.SIDECAR_MAX_CONCURRENT_REQUESTS) {
    throw new SidecarError("overloaded", `the server is at its limit of ${settings.SIDECAR_MAX_CONCURRENT_REQUESTS} concurrent requests; retry later`, { retryAfterSeconds: 1 });
  }
  const { manifest } = engine.model;
  sidecar.inflight += 1;
  metrics.inflight.inc();
  try {
    sidecar.arriving += 1;
    let request: T, jobs: Job[], tokenizationMs: number;
    try {
      request = await receive();
      checkDimensions(request.dimensions, manifest);
      const tokenizeStart = performance.now();
      jobs = tokenizeInputs(engine.model, request);
      tokenizationMs = performance.now() - tokenizeStart;
    } finally {
      sidecar.arriving -= 1;
    }
    metrics.tokenization.observe(tokenizationMs / 1000);
    metrics.queueSize.set(engine.batcher.queuedInputs + jobs.length);
    const completion = await engine.batcher.submit(jobs).catch((error: unknown) => {
      throw new SidecarError("inference_failed", `inference failed for the batch holding this request: ${messageOf(error)}`);
    });
    metrics.queueSize.set(engine.batcher.queuedInputs);
    const dimensions = request.dimensions ?? manifest.dimension;
    return {
      request,
      embeddings: {
        vectors: completion.vectors.map((vector) => truncateDimensions(vector, dimensions)),
        model: manifest.id,
        tokens: jobs.reduce((sum, job) => sum + job.ids.length, 0),
        tokenizationMs,
        queueMs: completion.queueMs,
        inferenceMs: completion.inferenceMs,
      },
    };
  } finally {
    sidecar.inflight -= 1;
    metrics.inflight.dec();
  }
}
