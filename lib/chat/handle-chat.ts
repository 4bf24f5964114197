import { randomUUID } from "node:crypto";
import { createUIMessageStreamResponse } from "ai";
import { z } from "zod";
import { answerStream, searchPassages } from "./answer-stream";
import { jsonError, notFoundResponse, responseForError } from "@/lib/http/errors";
import { jsonBodyLimit, parseJsonBody } from "@/lib/http/body";
import { clientAddress } from "@/lib/http/client-address";
import { admitNewVisitor, takeQuestion } from "./chat-limits";
import type { HistoryTurn } from "./prompt";
import { requestLocale, type ChatDeps } from "./services";
import { ensureOwner } from "./owner";
import { findOpenCourse, loadOwnChatTurns, startTurn } from "./turn-store";

const chatRequest = z
  .object({
    courseSlug: z.string().min(1).max(200),
    chatId: z.string().min(1).max(100).optional(),
    /** The new question; absent when regenerating the last answer. */
    message: z.string().trim().min(1, "must not be empty").optional(),
    trigger: z.enum(["submit-message", "regenerate-message"]).default("submit-message"),
  })
  .refine((body) => body.trigger === "regenerate-message" || body.message !== undefined, { path: ["message"], message: "is required" })
  .refine((body) => body.trigger === "submit-message" || body.chatId !== undefined, { path: ["chatId"], message: "is required to regenerate" });

const TITLE_CHARS = 80;

function titleOf(question: string): string {
  const flat = question.replace(/\s+/g, " ").trim();
  return flat.length <= TITLE_CHARS ? flat : `${flat.slice(0, TITLE_CHARS - 1)}…`;
}

/**
 * POST /api/chat: stores the question, then streams the answer (AI SDK UI message stream). The
 * history comes from PostgreSQL, never from the client, so a student cannot put words in the
 * assistant's mouth and only their own chats can be continued.
 */
export async function handleChatRequest(deps: ChatDeps, request: Request): Promise<Response> {
  const startedAt = Date.now();
  const { config, db } = deps;
  const body = await parseJsonBody(request, chatRequest, { maxBytes: jsonBodyLimit(config) });
  if (body instanceof Response) return body;
  if (body.message && body.message.length > config.CHAT_MAX_MESSAGE_CHARS) {
    return jsonError(400, "message_too_long", `The message is longer than ${config.CHAT_MAX_MESSAGE_CHARS} characters`);
  }

  // Independent lookups run together: every millisecond here is added to the time to first token.
  const address = clientAddress(request.headers, config);
  const [owner, course] = await Promise.all([
    ensureOwner(db, config, request, () => admitNewVisitor(deps.limiter, config, address)).catch((error: unknown) => responseForError(error)),
    findOpenCourse(db, body.courseSlug),
  ]);
  if (owner instanceof Response) return owner;
  const cookieHeader: Record<string, string> = owner.setCookie ? { "set-cookie": owner.setCookie } : {};
  const refusal = await takeQuestion(deps.limiter, config, owner, address);
  if (refusal) {
    const quota = refusal.code === "daily_quota" ? { limit: config.CHAT_DAILY_QUESTIONS_PER_STUDENT } : {};
    return jsonError(refusal.status, refusal.code, refusal.message, { headers: { ...refusal.headers, ...cookieHeader }, details: { retryAfterS: refusal.retryAfterS, ...quota } });
  }

  if (!course) return notFoundResponse("Course");
  // A widget session speaks for its site's course only.
  if (owner.widget && owner.widget.courseId !== course.id) return jsonError(403, "wrong_course", "This chat widget belongs to another course");
  // The search for a new question starts now, beside the chat's own reads and writes.
  const prefetched = body.message ? searchPassages(deps, course.id, body.message) : undefined;
  prefetched?.catch(() => {});
  const earlier = body.chatId ? await loadOwnChatTurns(db, owner, body.chatId, course.id, config.CHAT_HISTORY_MESSAGES + 2) : [];
  if (!earlier) return notFoundResponse("Chat");

  let question: string;
  if (body.trigger === "regenerate-message") {
    // The answer being replaced goes away; the question it answered is asked again.
    if (earlier.at(-1)?.role === "ASSISTANT") await db.message.delete({ where: { id: earlier.pop()!.id } });
    const last = earlier.pop();
    if (!last || last.role !== "USER") return jsonError(400, "nothing_to_regenerate", "The chat has no question to answer again");
    question = last.text;
  } else {
    question = body.message!;
  }
  const assistantId = randomUUID();
  const chatId = await startTurn(db, {
    chatId: body.chatId,
    courseId: course.id,
    owner,
    title: titleOf(question),
    question: body.trigger === "submit-message" ? question : undefined,
    assistantMessageId: assistantId,
  });

  const history: HistoryTurn[] = earlier.slice(-config.CHAT_HISTORY_MESSAGES).map((m) => ({ role: m.role, text: m.text }));
  const stream = answerStream(deps, {
    locale: requestLocale(request, config),
    course,
    chatId,
    question,
    history,
    assistantMessageId: assistantId,
    prefetched,
    signal: request.signal,
    startedAt,
  });
  // no-transform: a compressing server or proxy would buffer the stream and hold back the first token.
  return createUIMessageStreamResponse({ stream, headers: { "cache-control": "no-store, no-transform", ...cookieHeader } });
}
