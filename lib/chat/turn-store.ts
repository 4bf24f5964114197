import { randomUUID } from "node:crypto";
import { Prisma, type MessageRole, type PrismaClient, type SearchMode } from "@/lib/generated/prisma/client";
import { sourcePart } from "./citations";
import { ownedBy, type ChatOwner } from "./owner";
import type { TurnOutcome } from "./turn/outcome";

// The reads and writes of one chat turn, each a single SQL statement. Every question runs them
// before its first token, so they are written out instead of going through the ORM: Prisma's JS
// query compiler costs about 2.5 ms of CPU per operation, and a nested create is several queries
// in a transaction (measured: visitor, course and chat-with-messages as ORM calls 7.3–9.4 ms of CPU,
// as one statement 1.2–1.6 ms). Statements that write more than one row are atomic on their own.

export type OpenCourse = { id: string; systemPrompt: string | null };
export type StoredTurn = { id: string; role: MessageRole; text: string };

function ownerCondition(owner: ChatOwner): Prisma.Sql {
  const filter = ownedBy(owner);
  return "userId" in filter ? Prisma.sql`c."userId" = ${filter.userId}` : Prisma.sql`c."visitorId" = ${filter.visitorId}`;
}

/** The course a question is about, if students may reach it (published, not archived: lib/courses/visibility.ts). */
export async function findOpenCourse(db: PrismaClient, slug: string): Promise<OpenCourse | null> {
  const rows = await db.$queryRaw<OpenCourse[]>`
    SELECT id, "systemPrompt" FROM "Course" WHERE slug = ${slug} AND "publishedAt" IS NOT NULL AND "archivedAt" IS NULL`;
  return rows[0] ?? null;
}

/**
 * The last `limit` messages of one's own chat in the course, oldest first; null when there is no
 * such chat (someone else's, deleted, or in another course).
 */
export async function loadOwnChatTurns(db: PrismaClient, owner: ChatOwner, chatId: string, courseId: string, limit: number): Promise<StoredTurn[] | null> {
  const rows = await db.$queryRaw<{ id: string | null; role: MessageRole | null; text: string | null }[]>`
    SELECT m.id, m.role, m.text
    FROM "Chat" c
    LEFT JOIN LATERAL (
      SELECT id, role, text FROM "Message" WHERE "chatId" = c.id ORDER BY "createdAt" DESC, role DESC LIMIT ${limit}
    ) m ON true
    WHERE c.id = ${chatId} AND c."courseId" = ${courseId} AND c."deletedAt" IS NULL AND ${ownerCondition(owner)}`;
  if (rows.length === 0) return null;
  return rows.flatMap((row) => (row.id ? [{ id: row.id, role: row.role!, text: row.text! }] : [])).reverse();
}

export type TurnStart = {
  /** The chat to continue; a new one is created when absent. */
  chatId?: string;
  courseId: string;
  owner: ChatOwner;
  title: string;
  /** The new question; absent when the last question is answered again. */
  question?: string;
  assistantMessageId: string;
};

/**
 * Stores the question and the answer's row (STREAMING, filled in by finishTurn) and moves the chat
 * to the top of the list, creating the chat on a first question. Returns the chat's id.
 */
export async function startTurn(db: PrismaClient, turn: TurnStart): Promise<string> {
  const now = new Date();
  // One millisecond after the question, so question and answer keep their order when sorted by time.
  const answerAt = new Date(now.getTime() + 1);
  const rows = [
    ...(turn.question === undefined
      ? []
      : [Prisma.sql`(${randomUUID()}, 'USER'::"MessageRole", ${turn.question}, ${JSON.stringify([{ type: "text", text: turn.question }])}::jsonb, 'COMPLETE'::"MessageStatus", ${now}::timestamp(3))`]),
    Prisma.sql`(${turn.assistantMessageId}, 'ASSISTANT'::"MessageRole", '', NULL::jsonb, 'STREAMING'::"MessageStatus", ${answerAt}::timestamp(3))`,
  ];
  const chatId = turn.chatId ?? randomUUID();
  const chat = turn.chatId
    ? Prisma.sql`UPDATE "Chat" SET "updatedAt" = ${now} WHERE id = ${chatId}`
    : Prisma.sql`INSERT INTO "Chat" (id, "courseId", "visitorId", "userId", "widgetSiteId", title, "createdAt", "updatedAt")
        VALUES (${chatId}, ${turn.courseId}, ${turn.owner.visitorId}, ${turn.owner.userId}, ${turn.owner.widget?.siteId ?? null}, ${turn.title}, ${now}, ${now})`;
  await db.$executeRaw`
    WITH chat AS (${chat})
    INSERT INTO "Message" (id, "chatId", role, text, parts, status, "createdAt")
    SELECT id, ${chatId}, role, text, parts, status, "createdAt"
    FROM (VALUES ${Prisma.join(rows)}) AS m (id, role, text, parts, status, "createdAt")`;
  return chatId;
}

/** What the turn measured on the way to its outcome. */
export type TurnMeasures = {
  searchMode: SearchMode | null;
  retrievalScores: number[];
  ttftMs: number | undefined;
  latencyMs: number;
};

/**
 * Records how the answer ended. An answer that found nothing also enters the course's unanswered
 * inbox, in the same statement, so the two are recorded together or not at all.
 */
export async function finishTurn(db: PrismaClient, answer: { id: string; courseId: string; question: string }, outcome: TurnOutcome, measures: TurnMeasures): Promise<void> {
  // The parts the message is shown with when the chat is loaded again: as it streamed, sources first.
  const parts = [...outcome.citations.map(sourcePart), ...(outcome.text ? [{ type: "text", text: outcome.text }] : [])];
  await db.$executeRaw`
    WITH answer AS (
      UPDATE "Message" SET
        text = ${outcome.text},
        parts = ${JSON.stringify(parts)}::jsonb,
        status = ${outcome.status}::"MessageStatus",
        "errorText" = ${outcome.errorText ?? null},
        "answerMode" = ${outcome.answerMode}::"AnswerMode",
        citations = ${JSON.stringify(outcome.citations)}::jsonb,
        provider = ${outcome.provider ?? null},
        model = ${outcome.model ?? null},
        "promptTokens" = ${outcome.promptTokens ?? null},
        "completionTokens" = ${outcome.completionTokens ?? null},
        "ttftMs" = ${measures.ttftMs ?? null},
        "latencyMs" = ${measures.latencyMs},
        "retrievalScores" = ${measures.retrievalScores}::double precision[],
        "searchMode" = ${measures.searchMode}::"SearchMode"
      WHERE id = ${answer.id}
      RETURNING id
    )
    INSERT INTO "UnansweredQuestion" (id, "courseId", "messageId", question, reason)
    SELECT ${randomUUID()}, ${answer.courseId}, answer.id, ${answer.question}, 'NO_MATCH'::"UnansweredReason"
    FROM answer WHERE ${outcome.answerMode === "NO_ANSWER"}`;
}
