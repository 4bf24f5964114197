import { randomUUID } from "node:crypto";
import { z } from "zod";
import { HttpError, notFound } from "@/lib/http/errors";
import { jsonBodyLimit, readJson } from "@/lib/http/body";
import { clientAddress } from "@/lib/http/client-address";
import type { Locale } from "@/lib/i18n/locales";
import type { Retrieval } from "@/lib/rag/retrieve";
import { admitNewVisitor, takeQuestion } from "../chat-limits";
import { ensureOwner } from "../owner";
import type { HistoryTurn } from "../prompt";
import { requestLocale, type ChatDeps } from "../services";
import { findOpenCourse, loadOwnChatTurns, startTurn, type OpenCourse } from "../turn-store";
import { prefetchPassages } from "./retrieve";

/** A question ready to be answered, its question and answer rows already stored. */
export type Turn = {
  locale: Locale;
  course: OpenCourse;
  chatId: string;
  question: string;
  /** Earlier turns, oldest first, without the question itself. */
  history: HistoryTurn[];
  /** The assistant row created (status STREAMING) before streaming starts. */
  assistantMessageId: string;
  /** The search for the question, when it could start early. */
  prefetched?: Promise<Retrieval>;
  /** Fires when the student stops the answer or goes away. */
  signal: AbortSignal;
  startedAt: number;
};

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
 * The turn a chat request asks for, with the question stored and an assistant row in STREAMING
 * state; an HttpError refuses it (a bad body, a limit, an unknown course or chat). The
 * history comes from PostgreSQL, never from the client, so a student cannot put words in the
 * assistant's mouth and only their own chats can be continued.
 */
export async function resolveTurn(deps: ChatDeps, request: Request, startedAt: number): Promise<{ turn: Turn; headers: Record<string, string> }> {
  const { config, db } = deps;
  const body = chatRequest.parse(await readJson(request, { maxBytes: jsonBodyLimit(config) }));
  if (body.message && body.message.length > config.CHAT_MAX_MESSAGE_CHARS) {
    throw new HttpError(400, "message_too_long", `The message is longer than ${config.CHAT_MAX_MESSAGE_CHARS} characters`);
  }

  // Independent lookups run together: every millisecond here is added to the time to first token.
  const address = clientAddress(request.headers, config);
  const [owner, course] = await Promise.all([
    ensureOwner(db, config, request, () => admitNewVisitor(deps.limiter, config, address)),
    findOpenCourse(db, body.courseSlug),
  ]);
  const cookieHeader: Record<string, string> = owner.setCookie ? { "set-cookie": owner.setCookie } : {};
  const refusal = await takeQuestion(deps.limiter, config, owner, address);
  if (refusal) {
    const quota = refusal.code === "daily_quota" ? { limit: config.CHAT_DAILY_QUESTIONS_PER_STUDENT } : {};
    throw new HttpError(refusal.status, refusal.code, refusal.message, { ...refusal.headers, ...cookieHeader }, { retryAfterS: refusal.retryAfterS, ...quota });
  }

  if (!course) throw notFound("Course");
  // A widget session speaks for its site's course only.
  if (owner.widget && owner.widget.courseId !== course.id) throw new HttpError(403, "wrong_course", "This chat widget belongs to another course");
  // The search for a new question starts now, beside the chat's own reads and writes.
  const prefetched = body.message ? prefetchPassages(deps, course.id, body.message) : undefined;
  const earlier = body.chatId ? await loadOwnChatTurns(db, owner, body.chatId, course.id, config.CHAT_HISTORY_MESSAGES + 2) : [];
  if (!earlier) throw notFound("Chat");

  let question: string;
  if (body.trigger === "regenerate-message") {
    // The answer being replaced goes away; the question it answered is asked again.
    if (earlier.at(-1)?.role === "ASSISTANT") await db.message.delete({ where: { id: earlier.pop()!.id } });
    const last = earlier.pop();
    if (!last || last.role !== "USER") throw new HttpError(400, "nothing_to_regenerate", "The chat has no question to answer again");
    question = last.text;
  } else {
    question = body.message!;
  }
  const assistantMessageId = randomUUID();
  const chatId = await startTurn(db, {
    chatId: body.chatId,
    courseId: course.id,
    owner,
    title: titleOf(question),
    question: body.trigger === "submit-message" ? question : undefined,
    assistantMessageId,
  });

  const history: HistoryTurn[] = earlier.slice(-config.CHAT_HISTORY_MESSAGES).map((m) => ({ role: m.role, text: m.text }));
  return {
    turn: { locale: requestLocale(request, config), course, chatId, question, history, assistantMessageId, prefetched, signal: request.signal, startedAt },
    headers: cookieHeader,
  };
}
