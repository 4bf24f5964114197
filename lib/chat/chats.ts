import { z } from "zod";
import { openToStudents } from "@/lib/courses/visibility";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { notFound } from "@/lib/http/errors";
import type { StoredCitation } from "./citations";
import { ownedBy, type ChatOwner } from "./owner";
import type { ChatUIMessage } from "./ui-message";

export const renameRequest = z.object({ title: z.string().trim().min(1, "must not be empty").max(200) });
export const feedbackRequest = z.object({
  rating: z.enum(["UP", "DOWN"]),
  comment: z.string().trim().max(2000).optional(),
});

/** One's own chat that is not deleted, or null: other people's chats do not exist for them. */
export function findOwnChat(db: PrismaClient, owner: ChatOwner, chatId: string) {
  return db.chat.findFirst({ where: { id: chatId, ...ownedBy(owner), deletedAt: null, course: openToStudents }, select: { id: true, title: true, courseId: true } });
}

/** One's own chat, or 404: someone else's chat is not found rather than forbidden. */
export async function requireOwnChat(db: PrismaClient, owner: ChatOwner | null, chatId: string) {
  const chat = owner ? await findOwnChat(db, owner, chatId) : null;
  if (!chat) throw notFound("Chat");
  return chat;
}

export async function renameOwnChat(db: PrismaClient, owner: ChatOwner | null, chatId: string, title: string) {
  const chat = await requireOwnChat(db, owner, chatId);
  return db.chat.update({ where: { id: chat.id }, data: { title }, select: { id: true, title: true } });
}

/** Hides the chat from the student for good; its rows stay for honest statistics. */
export async function hideOwnChat(db: PrismaClient, owner: ChatOwner | null, chatId: string): Promise<void> {
  const chat = await requireOwnChat(db, owner, chatId);
  await db.chat.update({ where: { id: chat.id }, data: { deletedAt: new Date() } });
}

export async function listChats(db: PrismaClient, owner: ChatOwner, courseSlug: string) {
  return db.chat.findMany({
    where: { ...ownedBy(owner), deletedAt: null, course: { slug: courseSlug, ...openToStudents } },
    orderBy: { updatedAt: "desc" },
    take: 100,
    select: { id: true, title: true, updatedAt: true },
  });
}

type StoredMessage = Prisma.MessageGetPayload<{ include: { feedback: { select: { rating: true } } } }>;

/** A stored message as the AI SDK UI message the client renders (the same shape it streamed). */
export function toUIMessage(message: StoredMessage): ChatUIMessage {
  const parts = Array.isArray(message.parts) ? (message.parts as ChatUIMessage["parts"]) : [{ type: "text" as const, text: message.text }];
  return {
    id: message.id,
    role: message.role === "USER" ? "user" : "assistant",
    parts,
    metadata: {
      chatId: message.chatId,
      status: message.status,
      answerMode: message.answerMode ?? undefined,
      searchMode: message.searchMode ?? undefined,
      citations: (message.citations as StoredCitation[] | null) ?? undefined,
      localModel: message.provider === "local" ? (message.model ?? undefined) : undefined,
      errorText: message.errorText ?? undefined,
      rating: message.feedback[0]?.rating ?? null,
    },
  };
}

export async function loadMessages(db: PrismaClient, chatId: string): Promise<ChatUIMessage[]> {
  const messages = await db.message.findMany({
    where: { chatId },
    orderBy: [{ createdAt: "asc" }, { role: "desc" }],
    include: { feedback: { select: { rating: true } } },
  });
  return messages.map(toUIMessage);
}

/**
 * Records a student's rating of an answer (one per answer; a new rating replaces the old). A thumbs
 * down puts the question into the staff's unanswered inbox; changing it to thumbs up takes it out
 * again unless staff already resolved it.
 */
export async function recordFeedback(db: PrismaClient, owner: ChatOwner, messageId: string, input: z.output<typeof feedbackRequest>) {
  const message = await db.message.findFirst({
    where: { id: messageId, role: "ASSISTANT", chat: { ...ownedBy(owner), deletedAt: null } },
    select: { id: true, chatId: true, createdAt: true, chat: { select: { courseId: true } } },
  });
  if (!message) return null;
  const comment = input.comment || null;
  const feedback = await db.feedback.upsert({
    where: { messageId },
    update: { rating: input.rating, comment },
    create: { messageId, visitorId: owner.visitorId, userId: owner.userId, rating: input.rating, comment },
    select: { rating: true, comment: true },
  });
  if (input.rating === "DOWN") {
    const question = await db.message.findFirst({
      where: { chatId: message.chatId, role: "USER", createdAt: { lte: message.createdAt } },
      orderBy: { createdAt: "desc" },
      select: { text: true },
    });
    // ON CONFLICT DO NOTHING: two quick ratings of one answer must not collide.
    await db.unansweredQuestion.createMany({
      data: [{ courseId: message.chat.courseId, messageId, question: question?.text ?? "", reason: "THUMBS_DOWN" }],
      skipDuplicates: true,
    });
  } else {
    await db.unansweredQuestion.deleteMany({ where: { messageId, reason: "THUMBS_DOWN", resolvedAt: null } });
  }
  return feedback;
}
