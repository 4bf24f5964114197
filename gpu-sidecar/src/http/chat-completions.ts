import { randomUUID } from "node:crypto";
import { once } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { buildPrompt, checkContext, generate } from "../chat/generate.js";
import { ApiError, messageOf, retryAfter } from "../errors.js";
import type { Sidecar } from "../state.js";
import { readJsonBody } from "./body.js";
import { sendJson } from "./respond.js";
import { parseChatRequest } from "./schema.js";

/**
 * POST /v1/chat/completions, as OpenAI and vLLM answer it: a JSON completion, or with
 * `stream: true` server-sent chunks ending in `data: [DONE]`, with usage when
 * stream_options.include_usage asks. A client that disconnects stops its generation.
 */
export async function handleChatCompletions(sidecar: Sidecar, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const arrived = performance.now();
  const chat = sidecar.chat;
  if (!chat) throw new ApiError(404, "invalid_request_error", "this sidecar serves no chat model (set SIDECAR_CHAT_MODEL_PATH)");
  if (sidecar.phase === "draining") throw new ApiError(503, "service_unavailable_error", "the server is shutting down", null, retryAfter(1));
  const body = parseChatRequest(await readJsonBody(request, sidecar.settings.SIDECAR_MAX_BODY_BYTES));

  const gone = new AbortController();
  response.on("close", () => response.writableFinished || gone.abort());
  const facts = await chat.host.describe().catch((error: unknown) => {
    throw error instanceof ApiError ? error : new ApiError(503, "service_unavailable_error", messageOf(error), null, retryAfter(30));
  });
  const lease = await chat.host.acquire(gone.signal);
  try {
    const prompt = buildPrompt(lease.model, body.messages);
    const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? undefined;
    checkContext(prompt.tokens.length, maxTokens, lease.contextLength);

    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const event = { id, object: "chat.completion.chunk", created, model: facts.id };
    const chunk = (delta: Record<string, string>, finishReason: string | null = null) => ({ ...event, choices: [{ index: 0, delta, finish_reason: finishReason }] });
    let draining: Promise<unknown> | undefined;
    const send = async (payload: unknown) => {
      if (response.destroyed) return;
      // Backpressure: a slow reader pauses generation rather than growing our buffer.
      if (!response.write(`data: ${JSON.stringify(payload)}\n\n`)) {
        draining = Promise.race([once(response, "drain"), once(response, "close")]);
        await draining;
        draining = undefined;
      }
    };

    // Text generated within SIDECAR_CHAT_STREAM_INTERVAL_MS of the last write goes out together:
    // a fast model then costs one write and one wake-up of the reader per interval, not per token.
    // The first text goes at once, so the time to the first token is not delayed.
    let text = "";
    let unsent = "";
    let flushTimer: NodeJS.Timeout | undefined;
    let firstTextAt: number | undefined;
    const flush = async () => {
      clearTimeout(flushTimer);
      flushTimer = undefined;
      const content = unsent;
      unsent = "";
      if (content !== "") await send(chunk({ content }));
    };
    const onText = async (piece: string) => {
      const first = firstTextAt === undefined;
      firstTextAt ??= performance.now();
      if (!body.stream) {
        text += piece;
        return;
      }
      unsent += piece;
      if (first) await flush();
      else flushTimer ??= setTimeout(() => void flush(), sidecar.settings.SIDECAR_CHAT_STREAM_INTERVAL_MS);
      if (draining) await draining;
    };
    if (body.stream) {
      response.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "x-accel-buffering": "no" });
      await send(chunk({ role: "assistant", content: "" }));
    }
    const sampling = { maxTokens, temperature: body.temperature, topP: body.top_p, seed: body.seed ?? undefined, stop: typeof body.stop === "string" ? [body.stop] : (body.stop ?? []) };
    const result = await generate(lease, prompt, sampling, onText, gone.signal, sidecar.settings.SIDECAR_TEST_CHAT_TOKEN_DELAY_MS);
    clearTimeout(flushTimer);
    const usage = { prompt_tokens: prompt.tokens.length, completion_tokens: result.completionTokens, total_tokens: prompt.tokens.length + result.completionTokens };
    recordGeneration(sidecar, usage, arrived, firstTextAt);
    if (gone.signal.aborted) return;
    if (body.stream) {
      await flush();
      await send(chunk({}, result.finishReason));
      if (body.stream_options?.include_usage) await send({ ...event, choices: [], usage });
      response.end("data: [DONE]\n\n");
    } else {
      sendJson(response, 200, {
        id,
        object: "chat.completion",
        created,
        model: facts.id,
        choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: result.finishReason }],
        usage,
      });
    }
  } finally {
    lease.release();
  }
}

function recordGeneration(sidecar: Sidecar, usage: { prompt_tokens: number; completion_tokens: number }, arrived: number, firstTextAt: number | undefined): void {
  const metrics = sidecar.chat!.metrics;
  metrics.tokens.inc({ kind: "prompt" }, usage.prompt_tokens);
  metrics.tokens.inc({ kind: "completion" }, usage.completion_tokens);
  if (firstTextAt === undefined) return;
  metrics.timeToFirstToken.observe((firstTextAt - arrived) / 1000);
  const seconds = (performance.now() - firstTextAt) / 1000;
  if (usage.completion_tokens > 1 && seconds > 0) metrics.completionTokensPerSecond.observe((usage.completion_tokens - 1) / seconds);
}
