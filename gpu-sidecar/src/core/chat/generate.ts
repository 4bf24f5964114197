import type { Token } from "node-llama-cpp";
import type { Evaluate } from "./evaluate.js";
import type { Lease } from "./host.js";
import type { Prompt } from "./prompt.js";

export type SamplingOptions = {
  maxTokens: number | undefined;
  temperature: number;
  topP: number;
  seed: number | undefined;
  /** Texts that end the answer; they are not part of it (OpenAI's `stop`). */
  stop: string[];
};

export type GenerationResult = { completionTokens: number; finishReason: "stop" | "length" };

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
  evaluate: Evaluate,
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
  const evaluation = evaluate(sequence, prompt.tokens.slice(common), {
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
  }
  if (!stoppedByText && !signal.aborted && text.length > sent) await onText(text.slice(sent));
  return { completionTokens: generated.length, finishReason };
}
