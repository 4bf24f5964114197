import type { Config } from "@/lib/config/load";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createTranslator } from "@/lib/i18n/translator";
import type { ChatModel } from "@/lib/llm/provider";
import type { Retrieval, RetrieveOptions } from "@/lib/rag/retrieve";
import { openAnswerStream, type AnswerChunk } from "./turn/answer-writer";
import { decideAnswer } from "./turn/decide";
import { generateAnswer } from "./turn/generate";
import { failedOutcome, type TurnOutcome } from "./turn/outcome";
import { persistTurn } from "./turn/persist";
import type { Turn } from "./turn/resolve";
import { retrievePassages, type Found } from "./turn/retrieve";

export type AnswerDeps = {
  config: Config;
  db: PrismaClient;
  retrieve: (options: RetrieveOptions) => Promise<Retrieval>;
  model: ChatModel | null;
};

/**
 * Answers one question as an AI SDK UI message stream and records the answer: retrieve the
 * passages, decide how to answer, send the answer (whole, or as the model writes it), record it.
 * The question and an assistant row in STREAMING state are already stored; whatever happens here
 * (a complete answer, a stop, a provider failure or timeout) ends in exactly one update of that
 * row, with the partial text kept, so the conversation stays consistent.
 */
export function answerStream(deps: AnswerDeps, turn: Turn): ReadableStream<AnswerChunk> {
  const t = createTranslator(turn.locale);
  return openAnswerStream(turn, async (writer) => {
    let found: Found | undefined;
    let outcome: TurnOutcome;
    try {
      found = await retrievePassages(deps, turn);
      writer.searchedBy(found.searchMode);
      const decision = await decideAnswer(deps, turn, found.retrieval, t);
      outcome = decision.kind === "whole" ? writer.sendWhole(decision.answer) : await generateAnswer(deps, decision, writer, t);
    } catch (error) {
      outcome = failedOutcome(error, { model: deps.model, text: writer.text, aborted: writer.abort.signal.aborted }, t);
    }
    writer.finish(outcome);
    await persistTurn(deps.db, turn, outcome, { found, ttftMs: writer.ttftMs });
  });
}
