import type { AnswerMode, MessageStatus } from "@/lib/generated/prisma/client";
import type { MessageKey } from "@/lib/i18n/messages/ru";
import type { Translate } from "@/lib/i18n/translator";
import type { ChatModel } from "@/lib/llm/provider";
import type { StoredCitation } from "../citations";

/** How one answer ended: what the student was shown, and what the model was paid for it. */
export type TurnOutcome = {
  status: MessageStatus;
  answerMode: AnswerMode | null;
  text: string;
  citations: StoredCitation[];
  errorText?: string;
  promptTokens?: number;
  completionTokens?: number;
  provider?: string;
  model?: string;
};

type FailureReason = "search" | "timeout" | "model";

const FAILURE_MESSAGES: Record<FailureReason, string> = {
  search: "The course search failed",
  timeout: "The model did not answer in time",
  model: "The model's answer failed",
};

const ERROR_TEXT: Record<FailureReason, MessageKey> = {
  search: "chat.error.search",
  timeout: "chat.error.timeout",
  model: "chat.error.failed",
};

/** An answer that broke off, and the sources already shown with it: they stay with the text the student keeps. */
export class AnswerFailure extends Error {
  constructor(
    readonly reason: FailureReason,
    readonly citations: StoredCitation[],
    cause?: unknown,
  ) {
    super(FAILURE_MESSAGES[reason], cause === undefined ? undefined : { cause });
  }
}

/**
 * The end of an answer that threw: STOPPED when the student stopped it, else FAILED with a reason
 * in the reader's language. The text already sent is kept either way.
 */
export function failedOutcome(error: unknown, answer: { model: ChatModel | null; text: string; aborted: boolean }, t: Translate): TurnOutcome {
  const failure = error instanceof AnswerFailure ? error : undefined;
  // The model's timeout aborts the same signal as a stop, yet it is a failure.
  const stopped = failure?.reason !== "timeout" && answer.aborted;
  if (!stopped) console.error("Chat answer failed:", error);
  return {
    status: stopped ? "STOPPED" : "FAILED",
    answerMode: answer.model && failure?.reason !== "search" ? "LLM" : null,
    text: answer.text,
    citations: failure?.citations ?? [],
    errorText: stopped ? undefined : t(ERROR_TEXT[failure?.reason ?? "model"]),
    provider: answer.model?.provider,
    model: answer.model?.modelId,
  };
}
