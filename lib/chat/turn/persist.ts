import type { PrismaClient } from "@/lib/generated/prisma/client";
import { recordChatAnswer } from "@/lib/metrics";
import { finishTurn } from "../turn-store";
import type { TurnOutcome } from "./outcome";
import type { Turn } from "./resolve";
import type { Found } from "./retrieve";

/**
 * Records the answer's outcome in its row and in the metrics, with what the turn measured: the
 * search (none when it failed) and the time to the first word. A failure to record is logged: the
 * student already has the answer.
 */
export async function persistTurn(db: PrismaClient, turn: Turn, outcome: TurnOutcome, trace: { found: Found | undefined; ttftMs: number | undefined }): Promise<void> {
  const latencyMs = Date.now() - turn.startedAt;
  const searchMode = trace.found?.searchMode ?? null;
  const { ttftMs } = trace;
  try {
    const { promptTokens, completionTokens } = outcome;
    recordChatAnswer({ provider: outcome.provider ?? "none", model: outcome.model ?? null, mode: outcome.answerMode, search: searchMode, promptTokens, completionTokens, ttftMs, latencyMs, failed: outcome.status === "FAILED" });
    await finishTurn(db, { id: turn.assistantMessageId, courseId: turn.course.id, question: turn.question }, outcome, {
      searchMode,
      retrievalScores: trace.found?.scores ?? [],
      ttftMs,
      latencyMs,
    });
  } catch (error) {
    console.error("Could not record the answer:", error);
  }
}
