import { setTimeout as sleep } from "node:timers/promises";
import { resolveChatWrapper, type ChatHistoryItem, type ChatWrapper, type LlamaModel, type Token } from "node-llama-cpp";
import { ApiError } from "../errors.js";
import type { Lease } from "./host.js";

export type ChatMessage = { role: "system" | "user" | "assistant"; content: string };

export type Prompt = {
  tokens: Token[];
  /** Tokens that end the answer besides the model's end-of-generation tokens (the template's own). */
  stopTokens: Set<Token>;
};

export type SamplingOptions = {
  maxTokens: number | undefined;
  temperature: number;
  topP: number;
  seed: number | undefined;
  /** Texts that end the answer; they are not part of it (OpenAI's `stop`). */
  stop: string[];
};

export type GenerationResult = { completionTokens: number; finishReason: "stop" | "length" };

const wrappers = new WeakMap<LlamaModel, ChatWrapper>();

/** The chat template the GGUF file names (llama.cpp's Jinja template or a built-in wrapper for it). */
function chatWrapperOf(model: LlamaModel): ChatWrapper {
  let wrapper = wrappers.get(model);
  if (!wrapper) {
    wrapper = resolveChatWrapper(model);
    wrappers.set(model, wrapper);
  }
  return wrapper;
}

/** The conversation in the model's own chat format, as tokens, ready for the assistant's turn. */
export function buildPrompt(model: LlamaModel, messages: ChatMessage[]): Prompt {
  const history: ChatHistoryItem[] = messages.map((message) =>
    message.role === "assistant" ? { type: "model", response: [message.content] } : { type: message.role, text: message.content },
  );
  history.push({ type: "model", response: [] });
  const state = chatWrapperOf(model).generateContextState({ chatHistory: history });
  const stopTokens = new Set<Token>();
  for (const trigger of state.stopGenerationTriggers) {
    const tokens = trigger.tokenize(model.tokenizer, "trimLeadingSpace");
    if (tokens.length === 1) stopTokens.add(tokens[0]!);
  }
  return { tokens: state.contextText.tokenize(model.tokenizer), stopTokens };
}

/** The room a request needs: its prompt plus what it may generate must fit the context. */
export function checkContext(promptTokens: number, maxTokens: number | undefined, contextLength: number): void {
  const needed = promptTokens + (maxTokens ?? 1);
  if (needed <= contextLength) return;
  const what = maxTokens === undefined ? `the prompt has ${promptTokens} tokens` : `the prompt has ${promptTokens} tokens and max_tokens asks for ${maxTokens} more`;
  throw new ApiError(400, "invalid_request_error", `${what}, more than the model's context of ${contextLength} tokens (SIDECAR_CHAT_CONTEXT); shorten the messages or max_tokens`, "messages", {}, "context_length_exceeded");
}

/** The longest end of `text` that begins one of the stop texts: held back until it is known not to be one. */
function heldBack(text: string, stops: string[]): number {
  let longest = 0;
  for (const stop of stops) {
    for (let length = Math.min(stop.length - 1, text.length); length > longest; length--) {
      if (text.endsWith(stop.slice(0, length))) {
        longest = length;
        break;
      }
    }
  }
  return longest;
}

/**
 * Generates the assistant's turn on the lease's sequence, handing text to `onText` as it forms
 * (never half a UTF-8 character, never the start of a stop text). The sequence keeps the prompt's
 * longest prefix it already holds, so a follow-up question or a shared system prompt is not
 * evaluated twice. Ends on an end-of-generation token, a stop text, max_tokens or `signal`.
 */
export async function generate(
  lease: Lease,
  prompt: Prompt,
  options: SamplingOptions,
  onText: (text: string) => void | Promise<void>,
  signal: AbortSignal,
  tokenDelayMs = 0,
): Promise<GenerationResult> {
  const { model, sequence } = lease;
  const maxTokens = options.maxTokens ?? lease.contextLength - prompt.tokens.length;
  const held = sequence.contextTokens;
  let common = 0;
  // At least one prompt token is evaluated anew: generation starts from its logits.
  while (common < held.length && common < prompt.tokens.length - 1 && held[common] === prompt.tokens[common]) common++;
  if (common < sequence.nextTokenIndex) await sequence.eraseContextTokenRanges([{ start: common, end: sequence.nextTokenIndex }]);

  const generated: Token[] = [];
  let pending: Token[] = [];
  let text = "";
  let sent = 0;
  let finishReason: GenerationResult["finishReason"] = "length";
  let stoppedByText = false;
  const evaluation = sequence.evaluate(prompt.tokens.slice(common), {
    temperature: options.temperature,
    topP: options.topP,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  for await (const token of evaluation) {
    if (signal.aborted) break;
    if (model.isEogToken(token) || prompt.stopTokens.has(token)) {
      finishReason = "stop";
      break;
    }
    generated.push(token);
    pending.push(token);
    const piece = model.detokenize(pending, false, generated.slice(Math.max(0, generated.length - pending.length - 8), generated.length - pending.length));
    // A character split over several byte tokens shows as U+FFFD until its last byte arrives.
    if (!piece.endsWith("\uFFFD") || pending.length >= 4) {
      pending = [];
      text += piece;
      const stopAt = Math.min(...options.stop.map((stop) => text.indexOf(stop, Math.max(0, sent - stop.length))).filter((index) => index >= 0));
      if (Number.isFinite(stopAt)) {
        if (stopAt > sent) await onText(text.slice(sent, stopAt));
        finishReason = "stop";
        stoppedByText = true;
        break;
      }
      const ready = text.length - heldBack(text, options.stop);
      if (ready > sent) {
        await onText(text.slice(sent, ready));
        sent = ready;
      }
    }
    if (generated.length >= maxTokens) break;
    if (tokenDelayMs > 0) await sleep(tokenDelayMs);
  }
  if (!stoppedByText && !signal.aborted && text.length > sent) await onText(text.slice(sent));
  return { completionTokens: generated.length, finishReason };
}
