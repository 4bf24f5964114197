import type { UIMessageChunk } from "ai";
import type { SearchMode } from "@/lib/generated/prisma/client";
import { sourcePart, type StoredCitation } from "../citations";
import type { ChatMessageMetadata } from "../ui-message";
import type { TurnOutcome } from "./outcome";

export type AnswerChunk = UIMessageChunk<ChatMessageMetadata>;

type StreamedTurn = {
  chatId: string;
  /** The assistant row created (status STREAMING) before streaming starts. */
  assistantMessageId: string;
  /** Fires when the student stops the answer or goes away. */
  signal: AbortSignal;
  startedAt: number;
};

const TEXT_ID = "answer";

/**
 * The answer as the browser receives it, an AI SDK UI message stream: start, sources, text, then
 * finish or error. It keeps what the student has been sent, since a stopped or failed answer is
 * recorded with exactly that. A reader that goes away stops the answer (see openAnswerStream), and
 * a write after that is dropped; the answer is still recorded.
 */
export class AnswerWriter {
  /** Aborted when the student stops the answer, the reader goes away or the model times out (turn/generate.ts); the model call listens to it. */
  readonly abort = new AbortController();
  text = "";
  ttftMs: number | undefined;
  private searchMode: SearchMode | undefined;
  private textStarted = false;
  private open = true;
  private readonly onClientAbort = () => this.abort.abort();

  constructor(
    private readonly controller: ReadableStreamDefaultController<AnswerChunk>,
    private readonly turn: StreamedTurn,
  ) {
    turn.signal.addEventListener("abort", this.onClientAbort);
  }

  start(): void {
    this.write({ type: "start", messageId: this.turn.assistantMessageId, messageMetadata: this.metadata({ status: "STREAMING" }) });
  }

  searchedBy(searchMode: SearchMode): void {
    this.searchMode = searchMode;
    if (searchMode === "LEXICAL") this.write({ type: "message-metadata", messageMetadata: this.metadata({ status: "STREAMING", searchMode }) });
  }

  /** The label is on screen while the local model writes, not only once it has finished. */
  localModel(modelId: string): void {
    this.write({ type: "message-metadata", messageMetadata: this.metadata({ status: "STREAMING", searchMode: this.searchMode, localModel: modelId }) });
  }

  sources(citations: StoredCitation[]): void {
    for (const citation of citations) this.write({ ...sourcePart(citation), providerMetadata: { citation: { ...citation } } });
  }

  appendText(delta: string): void {
    if (!this.textStarted) this.write({ type: "text-start", id: TEXT_ID });
    this.textStarted = true;
    this.ttftMs ??= Date.now() - this.turn.startedAt;
    this.text += delta;
    this.write({ type: "text-delta", id: TEXT_ID, delta });
  }

  /** Sends an answer that is whole from the start: its sources, then its text in one piece. */
  sendWhole(answer: TurnOutcome): TurnOutcome {
    this.sources(answer.citations);
    this.appendText(answer.text);
    return answer;
  }

  finish(outcome: TurnOutcome): void {
    this.turn.signal.removeEventListener("abort", this.onClientAbort);
    if (this.textStarted) this.write({ type: "text-end", id: TEXT_ID });
    const final = this.metadata({
      status: outcome.status,
      answerMode: outcome.answerMode ?? undefined,
      searchMode: this.searchMode,
      errorText: outcome.errorText,
      citations: outcome.citations,
      localModel: outcome.provider === "local" && outcome.status !== "FAILED" ? outcome.model : undefined,
    });
    if (outcome.status === "FAILED") this.write({ type: "message-metadata", messageMetadata: final });
    if (outcome.errorText) this.write({ type: "error", errorText: outcome.errorText });
    else this.write({ type: "finish", finishReason: outcome.status === "STOPPED" ? "other" : "stop", messageMetadata: final });
    if (this.open) {
      this.open = false;
      try {
        this.controller.close();
      } catch {
        // The reader went away; the answer is still recorded.
      }
    }
  }

  private metadata(extra: Partial<ChatMessageMetadata>): ChatMessageMetadata {
    return { chatId: this.turn.chatId, ...extra };
  }

  private write(chunk: AnswerChunk): void {
    if (!this.open) return;
    try {
      this.controller.enqueue(chunk);
    } catch {
      this.open = false;
    }
  }
}

/** A UI message stream that `answer` writes; a reader that goes away aborts the writer's signal as a stop does. */
export function openAnswerStream(turn: StreamedTurn, answer: (writer: AnswerWriter) => Promise<void>): ReadableStream<AnswerChunk> {
  let writer: AnswerWriter | undefined;
  return new ReadableStream<AnswerChunk>({
    start(controller) {
      writer = new AnswerWriter(controller, turn);
      writer.start();
      return answer(writer);
    },
    cancel() {
      writer?.abort.abort();
    },
  });
}
