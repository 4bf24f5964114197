import { createUIMessageStreamResponse } from "ai";
import { responseForError } from "@/lib/http/errors";
import { answerStream } from "./answer-stream";
import type { ChatDeps } from "./services";
import { resolveTurn } from "./turn/resolve";

/** POST /api/chat: stores the question, then streams the answer (AI SDK UI message stream). */
export async function handleChatRequest(deps: ChatDeps, request: Request): Promise<Response> {
  const startedAt = Date.now();
  let resolved: Awaited<ReturnType<typeof resolveTurn>>;
  try {
    resolved = await resolveTurn(deps, request, startedAt);
  } catch (error) {
    return responseForError(error);
  }
  const stream = answerStream(deps, resolved.turn);
  // no-transform: a compressing server or proxy would buffer the stream and hold back the first token.
  return createUIMessageStreamResponse({ stream, headers: { "cache-control": "no-store, no-transform", ...resolved.headers } });
}
