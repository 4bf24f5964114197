import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError, retryAfter } from "../errors.js";
import { log } from "../log.js";
import type { Sidecar } from "../state.js";
import { handleChatCompletions } from "./chat-completions.js";
import { handleEmbeddings } from "./embeddings.js";
import { sendJson, sendText } from "./respond.js";

type Handler = (sidecar: Sidecar, request: IncomingMessage, response: ServerResponse) => Promise<void> | void;

/** Ready means the embedding model serves; the chat model's own state (it loads on demand) is told beside it. */
function health(sidecar: Sidecar, _request: IncomingMessage, response: ServerResponse): void {
  const chat = sidecar.chat ? { chat: sidecar.chat.host.status } : {};
  sendJson(response, sidecar.phase === "ready" ? 200 : 503, { status: sidecar.phase, ...chat });
}

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

/** OpenAI's model list: the embedding model and, when there is one, the chat model. */
async function models(sidecar: Sidecar, _request: IncomingMessage, response: ServerResponse): Promise<void> {
  const entry = (id: string) => ({ id, object: "model", created: 0, owned_by: "course-assistant-sidecar" });
  const ids = [sidecar.engine?.model.manifest.id, await sidecar.chat?.host.describe().then((facts) => facts.id, () => undefined)];
  sendJson(response, 200, { object: "list", data: ids.filter((id) => id !== undefined).map(entry) });
}

/** Everything a client needs to split its work, as in text-embeddings-inference's /info. */
async function info(sidecar: Sidecar, _request: IncomingMessage, response: ServerResponse): Promise<void> {
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

async function metricsText(sidecar: Sidecar, _request: IncomingMessage, response: ServerResponse): Promise<void> {
  sendText(response, 200, await sidecar.metrics.registry.metrics(), sidecar.metrics.registry.contentType);
}

const routes: Record<string, Partial<Record<string, Handler>>> = {
  "/v1/embeddings": { POST: handleEmbeddings },
  "/v1/chat/completions": { POST: handleChatCompletions },
  "/v1/models": { GET: models },
  "/health": { GET: health },
  "/info": { GET: info },
  "/metrics": { GET: metricsText },
};

/** Routes a request and turns any failure into an OpenAI-style error body. */
export async function dispatch(sidecar: Sidecar, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? "/").split("?")[0]!;
  const methods = routes[path];
  response.on("finish", () => sidecar.metrics.requests.inc({ route: methods ? path : "other", status: String(response.statusCode) }));
  try {
    const handler = methods?.[request.method ?? "GET"];
    if (!methods) throw new ApiError(404, "invalid_request_error", `no route ${path}`);
    if (!handler) throw new ApiError(405, "invalid_request_error", `${request.method} is not allowed on ${path}`, null, { allow: Object.keys(methods).join(", ") });
    await handler(sidecar, request, response);
  } catch (error) {
    const apiError = error instanceof ApiError ? error : new ApiError(500, "server_error", "internal server error");
    if (apiError.status >= 500) log("error", apiError.message, { path, cause: error instanceof Error && error !== apiError ? error.message : undefined });
    sidecar.metrics.errors.inc({ type: apiError.type });
    if (response.headersSent) response.destroy();
    else sendJson(response, apiError.status, apiError.toBody(), apiError.headers);
  }
}
