import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError, badRequest, messageOf, retryAfter } from "../errors.js";
import type { Manifest } from "../model/manifest.js";
import { truncateDimensions } from "../pooling.js";
import type { Job, Sidecar } from "../state.js";
import { readJsonBody } from "./body.js";
import { sendJson } from "./respond.js";
import { parseEmbeddingsRequest, type EmbeddingsRequest } from "./schema.js";

function checkDimensions(dimensions: number | undefined, manifest: Manifest): void {
  if (dimensions === undefined || dimensions === manifest.dimension || manifest.matryoshkaDimensions.includes(dimensions)) return;
  const allowed = [...manifest.matryoshkaDimensions, manifest.dimension].join(", ");
  throw badRequest(`dimensions must be one of ${allowed} for model ${manifest.id}`, "dimensions");
}

/** OpenAI's base64 format: the vector's float32 values as little-endian bytes. */
function toBase64(vector: Float32Array): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
  return bytes.toString("base64");
}

function tokenize(sidecar: Sidecar, request: EmbeddingsRequest, manifest: Manifest): Job[] {
  const { tokenizer } = sidecar.engine!.model;
  const prefix = request.input_type ? manifest.prefixes[request.input_type] : "";
  const marker = sidecar.settings.SIDECAR_TEST_FAULT_MARKER;
  return request.input.map((text, index) => {
    const { ids, fullLength } = tokenizer.encode(prefix + text, manifest.maxTokens);
    if (!request.truncate && fullLength > manifest.maxTokens) {
      throw badRequest(`input[${index}] has ${fullLength} tokens, more than the model's maximum of ${manifest.maxTokens} (send truncate: true to cut it)`, "input");
    }
    return { ids, faulty: marker !== undefined && text.includes(marker) };
  });
}

export async function handleEmbeddings(sidecar: Sidecar, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const started = performance.now();
  const { settings, metrics, engine } = sidecar;
  if (sidecar.phase !== "ready" || !engine) {
    const message = sidecar.phase === "loading" ? "the model is still loading" : "the server is not serving (shutting down or failed to load)";
    throw new ApiError(503, "service_unavailable_error", message, null, retryAfter(1));
  }
  if (sidecar.inflight >= settings.SIDECAR_MAX_CONCURRENT_REQUESTS) {
    throw new ApiError(429, "rate_limit_error", `the server is at its limit of ${settings.SIDECAR_MAX_CONCURRENT_REQUESTS} concurrent requests; retry later`, null, retryAfter(1));
  }
  sidecar.inflight += 1;
  metrics.inflight.inc();
  try {
    sidecar.arriving += 1;
    let parsed: EmbeddingsRequest, jobs: Job[], tokenizationMs: number;
    try {
      parsed = parseEmbeddingsRequest(await readJsonBody(request, settings.SIDECAR_MAX_BODY_BYTES), settings.SIDECAR_MAX_INPUTS_PER_REQUEST);
      checkDimensions(parsed.dimensions, engine.model.manifest);
      const tokenizeStart = performance.now();
      jobs = tokenize(sidecar, parsed, engine.model.manifest);
      tokenizationMs = performance.now() - tokenizeStart;
    } finally {
      sidecar.arriving -= 1;
    }
    metrics.tokenization.observe(tokenizationMs / 1000);
    metrics.queueSize.set(engine.batcher.queuedInputs + jobs.length);
    const completion = await engine.batcher.submit(jobs).catch((error: unknown) => {
      throw new ApiError(500, "server_error", `inference failed for the batch holding this request: ${messageOf(error)}`);
    });
    metrics.queueSize.set(engine.batcher.queuedInputs);
    const dimensions = parsed.dimensions ?? engine.model.manifest.dimension;
    const tokens = jobs.reduce((sum, job) => sum + job.ids.length, 0);
    const data = completion.vectors.map((vector, index) => {
      const sized = truncateDimensions(vector, dimensions);
      return { object: "embedding", index, embedding: parsed.encoding_format === "base64" ? toBase64(sized) : Array.from(sized) };
    });
    const totalMs = performance.now() - started;
    metrics.requestDuration.observe(totalMs / 1000);
    sendJson(
      response,
      200,
      { object: "list", data, model: engine.model.manifest.id, usage: { prompt_tokens: tokens, total_tokens: tokens } },
      {
        "x-total-time": totalMs.toFixed(3),
        "x-tokenization-time": tokenizationMs.toFixed(3),
        "x-queue-time": completion.queueMs.toFixed(3),
        "x-inference-time": completion.inferenceMs.toFixed(3),
        "x-compute-tokens": String(tokens),
      },
    );
  } finally {
    sidecar.inflight -= 1;
    metrics.inflight.dec();
  }
}
