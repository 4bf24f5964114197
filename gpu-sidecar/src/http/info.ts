import type { IncomingMessage, ServerResponse } from "node:http";
import type { Sidecar } from "../core/sidecar.js";
import { ApiError, retryAfter } from "./api-error.js";
import type { HttpContext } from "./context.js";
import { sendJson } from "./respond.js";

/** The chat model's block of /info: what a client needs to size its prompts, and where it runs. */
async function chatInfo(sidecar: Sidecar) {
  if (!sidecar.chat) return null;
  const { host } = sidecar.chat;
  const { settings } = sidecar;
  const facts = await host.describe().catch(() => undefined);
  return {
    status: host.status,
    error: host.status === "failed" ? host.failure : undefined,
    model_id: facts?.id ?? null,
    file: host.file,
    quantization: facts?.quantization ?? null,
    context_length: facts?.contextLength ?? null,
    train_context_length: facts?.trainContextLength ?? null,
    threads: host.threads(),
    device: await host.device(),
    parallel: settings.SIDECAR_CHAT_PARALLEL,
    queue: settings.SIDECAR_CHAT_QUEUE,
    load: settings.SIDECAR_CHAT_LOAD,
    idle_unload_s: settings.SIDECAR_CHAT_IDLE_UNLOAD_S,
    memory_bytes: host.memoryBytes,
  };
}

/** GET /info: everything a client needs to split its work, as in text-embeddings-inference's /info. */
export async function info({ sidecar }: HttpContext, _request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { engine, settings } = sidecar;
  if (!engine) throw new ApiError(503, "service_unavailable_error", "the model is still loading", null, retryAfter(1));
  const { manifest, provider } = engine.model;
  sendJson(response, 200, {
    model_id: manifest.id,
    dimension: manifest.dimension,
    matryoshka_dimensions: manifest.matryoshkaDimensions,
    max_input_tokens: manifest.maxTokens,
    pooling: manifest.pooling,
    normalized: manifest.normalize,
    prefixes: manifest.prefixes,
    execution_provider: provider,
    max_batch_tokens: settings.SIDECAR_MAX_BATCH_TOKENS,
    max_batch_size: settings.SIDECAR_MAX_BATCH_SIZE,
    max_inputs_per_request: settings.SIDECAR_MAX_INPUTS_PER_REQUEST,
    max_concurrent_requests: settings.SIDECAR_MAX_CONCURRENT_REQUESTS,
    max_wait_ms: settings.SIDECAR_MAX_WAIT_MS,
    max_body_bytes: settings.SIDECAR_MAX_BODY_BYTES,
    chat: await chatInfo(sidecar),
  });
}
