import { APICallError, streamText } from "ai";
import type { Translate } from "@/lib/i18n/translator";
import { estimateTokens } from "@/lib/rag/tokens";
import { settleTokens } from "@/lib/rate-limit/token-budget";
import type { AnswerDeps } from "../answer-stream";
import { toCitations } from "../citations";
import type { AnswerWriter } from "./answer-writer";
import type { Generation } from "./decide";
import { AnswerFailure, type TurnOutcome } from "./outcome";
import { quoteAnswer } from "./quote";

/**
 * The model's answer, streamed to the student as it is written, and the tokens held for it
 * settled to what it used. A timeout or a provider failure throws an AnswerFailure carrying the
 * sources already shown; a stop ends the answer STOPPED with the text so far.
 */
export async function generateAnswer(deps: Pick<AnswerDeps, "config" | "db">, generation: Generation, writer: AnswerWriter, t: Translate): Promise<TurnOutcome> {
  const { config, db } = deps;
  const { model, prompt, localModel, promptTokens, maxOutputTokens, reservation } = generation;
  const abort = writer.abort;
  const citations = toCitations(prompt.passages);
  writer.sources(citations);
  if (localModel) writer.localModel(localModel);

  // LLM_TIMEOUT_MS bounds the wait for the first token and every gap after it: a model that
  // never answers, or stalls mid-answer, ends with a clear timeout instead of a spinner.
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const armTimer = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, config.LLM_TIMEOUT_MS);
  };
  armTimer();

  // The writer keeps the text sent; the model is the first to write this answer, so it is the model's text.
  let usage: { inputTokens?: number; outputTokens?: number } = {};
  let busy = false;
  try {
    const result = streamText({
      model: model.model,
      system: prompt.system,
      messages: prompt.messages,
      temperature: config.LLM_TEMPERATURE,
      topP: config.LLM_TOP_P,
      maxOutputTokens,
      maxRetries: 0,
      abortSignal: abort.signal,
      // Errors come through fullStream below, which logs the ones that fail an answer; the SDK's own logging would repeat them.
      onError: () => {},
    });
    for await (const part of result.fullStream) {
      armTimer();
      if (part.type === "text-delta" && part.text !== "") {
        writer.appendText(part.text);
      } else if (part.type === "error") {
        throw part.error;
      } else if (part.type === "finish") {
        usage = part.totalUsage;
      }
    }
  } catch (error) {
    if (timedOut) throw new AnswerFailure("timeout", citations);
    // The local model runs one answer at a time with a short queue: when that is full, the
    // student gets the passages now rather than an error.
    busy = model.provider === "local" && writer.text === "" && APICallError.isInstance(error) && error.statusCode === 429;
    if (!busy) throw new AnswerFailure("model", citations, error);
  } finally {
    clearTimeout(timer);
    // Without a usage report (a stop, a failure) the prompt is taken as read and the text as written.
    const used = busy ? 0 : usage.inputTokens !== undefined ? usage.inputTokens + (usage.outputTokens ?? 0) : promptTokens + estimateTokens(writer.text);
    await settleTokens(db, reservation, used).catch((error: unknown) => console.error("Could not settle the token budget:", error));
  }
  if (timedOut) throw new AnswerFailure("timeout", citations);
  if (busy) {
    const quoted = quoteAnswer(prompt.passages, t("chat.answer.localModelBusy"));
    writer.appendText(quoted.text);
    return quoted;
  }
  return {
    status: abort.signal.aborted ? "STOPPED" : "COMPLETE",
    answerMode: "LLM",
    text: writer.text,
    citations,
    promptTokens: usage.inputTokens,
    completionTokens: usage.outputTokens,
    provider: model.provider,
    model: localModel ?? model.modelId,
  };
}
