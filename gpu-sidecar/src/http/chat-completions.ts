import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ChatOutcome, ChatTurn } from "../core/chat/service.js";
import { refuseIfDraining } from "../core/sidecar.js";
import { ApiError } from "./api-error.js";
import { readJsonBody } from "./body.js";
import { parseChatRequest } from "./chat-request.js";
import type { HttpContext } from "./context.js";
import { EventStream } from "./event-stream.js";
import { sendJson } from "./respond.js";
import { TextCoalescer } from "./text-coalescer.js";

/** One answer on its way out: `signal` aborts when the client goes away. */
type Answer = { response: ServerResponse; turn: ChatTurn; signal: AbortSignal; id: string; created: number; model: string };

const usageOf = ({ promptTokens, completionTokens }: ChatOutcome) => ({ prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens });

async function answerWhole({ response, turn, signal, id, created, model }: Answer): Promise<void> {
  let text = "";
  const outcome = await turn.run((piece) => {
    text += piece;
  });
  if (signal.aborted) return;
  sendJson(response, 200, {
    id,
    object: "chat.completion",
    created,
    model,
    choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: outcome.finishReason }],
    usage: usageOf(outcome),
  });
}

async function answerStreamed({ response, turn, signal, id, created, model }: Answer, intervalMs: number, includeUsage: boolean): Promise<void> {
  const event = { id, object: "chat.completion.chunk", created, model };
  const chunk = (delta: Record<string, string>, finishReason: string | null = null) => ({ ...event, choices: [{ index: 0, delta, finish_reason: finishReason }] });
  const events = new EventStream(response);
  await events.send(chunk({ role: "assistant", content: "" }));
  const text = new TextCoalescer(intervalMs, (content) => events.send(chunk({ content })));
  const outcome = await turn.run(async (piece) => {
    await text.push(piece);
    await events.writable();
  });
  text.cancel();
  if (signal.aborted) return;
  await text.flush();
  await events.send(chunk({}, outcome.finishReason));
  if (includeUsage) await events.send({ ...event, choices: [], usage: usageOf(outcome) });
  events.end();
}

/**
 * POST /v1/chat/completions, as OpenAI and vLLM answer it: a JSON completion, or with
 * `stream: true` server-sent chunks ending in `data: [DONE]`, with usage when
 * stream_options.include_usage asks. A client that disconnects stops its generation.
 */
export async function handleChatCompletions({ sidecar }: HttpContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const arrived = performance.now();
  const chat = sidecar.chat;
  if (!chat) throw new ApiError(404, "invalid_request_error", "this sidecar serves no chat model (set SIDECAR_CHAT_MODEL_PATH)");
  refuseIfDraining(sidecar);
  const body = parseChatRequest(await readJsonBody(request, sidecar.settings.SIDECAR_MAX_BODY_BYTES));

  const gone = new AbortController();
  response.on("close", () => response.writableFinished || gone.abort());
  const facts = await chat.describe();
  const sampling = {
    maxTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
    temperature: body.temperature,
    topP: body.top_p,
    seed: body.seed ?? undefined,
    stop: typeof body.stop === "string" ? [body.stop] : (body.stop ?? []),
  };
  const turn = await chat.begin({ messages: body.messages, sampling }, gone.signal, arrived);
  try {
    const answer = { response, turn, signal: gone.signal, id: `chatcmpl-${randomUUID()}`, created: Math.floor(Date.now() / 1000), model: facts.id };
    if (body.stream) await answerStreamed(answer, sidecar.settings.SIDECAR_CHAT_STREAM_INTERVAL_MS, body.stream_options?.include_usage ?? false);
    else await answerWhole(answer);
  } finally {
    turn.release();
  }
}
