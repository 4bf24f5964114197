import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import type { StaffIdentity } from "@/lib/auth/staff";
import type { Config } from "@/lib/config/load";
import { HttpError } from "@/lib/http/errors";
import type { QaIndexDeps } from "@/lib/rag/qa-index";
import { assertCourseExists } from "../courses";
import { createQaEntry, qaEntryInput } from "../qa-entries";
import { groupQuestions, type QuestionGroup } from "./group-questions";
import { questionVectors } from "./question-vectors";
import { sameQuestionSimilarity } from "./same-question";

/** The inbox looks at this many of the latest open questions; older ones wait their turn. */
const INBOX_WINDOW = 500;
/** Share of stemmed terms two wordings must have in common to count as one question. */
const MIN_TERM_OVERLAP = 0.5;

export type InboxDeps = QaIndexDeps & { config: Config };

export type InboxGroup = Omit<QuestionGroup, "lastAskedAt"> & {
  lastAskedAt: string;
  reasons: { NO_MATCH: number; THUMBS_DOWN: number };
};

export type Inbox = { groups: InboxGroup[]; total: number; groupedByMeaning: boolean };

export const resolveInput = z.object({
  questionIds: z.array(z.string().min(1)).min(1).max(INBOX_WINDOW),
  question: qaEntryInput.shape.question,
  answer: qaEntryInput.shape.answer,
});
export const dismissInput = z.object({ questionIds: z.array(z.string().min(1)).min(1).max(INBOX_WINDOW) });

/**
 * Open questions of a course grouped by what they ask. Grouping by meaning needs the embedder;
 * while it is down the inbox still works, grouping by wording alone, and says so.
 */
export async function unansweredInbox(deps: InboxDeps, staff: StaffIdentity, courseId: string): Promise<Inbox> {
  await assertCourseExists(deps.db, staff, courseId);
  const rows = await deps.db.unansweredQuestion.findMany({
    where: { courseId, resolvedAt: null },
    orderBy: { createdAt: "desc" },
    take: INBOX_WINDOW,
  });
  const space = await deps.spaces.current();
  const byMeaning = space
    ? await Promise.all([
        questionVectors(deps, space.key, rows),
        deps.config.UNANSWERED_GROUP_SIMILARITY ?? sameQuestionSimilarity(deps.embed, space),
      ]).catch((error: unknown) => {
        console.error(`Unanswered inbox groups by wording only: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      })
    : null;
  const [vectors, minSimilarity] = byMeaning ?? [null, 1];
  const groups = groupQuestions(
    rows.map((row, i) => ({ id: row.id, question: row.question, askedAt: row.createdAt, vector: vectors?.[i] })),
    { minSimilarity, minTermOverlap: MIN_TERM_OVERLAP },
  );
  const reasonOf = new Map(rows.map((row) => [row.id, row.reason]));
  return {
    total: rows.length,
    groupedByMeaning: vectors !== null || rows.length === 0,
    groups: groups.map((group) => ({
      ...group,
      lastAskedAt: group.lastAskedAt.toISOString(),
      reasons: {
        NO_MATCH: group.questionIds.filter((id) => reasonOf.get(id) === "NO_MATCH").length,
        THUMBS_DOWN: group.questionIds.filter((id) => reasonOf.get(id) === "THUMBS_DOWN").length,
      },
    })),
  };
}

async function openQuestions(deps: Pick<InboxDeps, "db">, courseId: string, ids: string[]) {
  const rows = await deps.db.unansweredQuestion.findMany({ where: { id: { in: ids }, courseId, resolvedAt: null }, select: { id: true } });
  if (rows.length !== new Set(ids).size) {
    throw new HttpError(409, "already_resolved", "Some of these questions were already answered or dismissed; reload the inbox.");
  }
}

/** Turns a group into a FAQ entry (indexed before this returns) and closes its questions. */
export async function answerGroup(deps: InboxDeps, staff: StaffIdentity, courseId: string, body: unknown) {
  await assertCourseExists(deps.db, staff, courseId);
  const input = resolveInput.parse(body);
  await openQuestions(deps, courseId, input.questionIds);
  const entry = await createQaEntry(deps, staff, { kind: "FAQ", courseId, question: input.question, answer: input.answer });
  await deps.db.unansweredQuestion.updateMany({
    where: { id: { in: input.questionIds } },
    data: { resolvedEntryId: entry.id, resolvedAt: new Date() },
  });
  return entry;
}

/** Closes questions that need no answer (spam, off-topic), so they leave the inbox. */
export async function dismissQuestions(deps: Pick<InboxDeps, "db">, staff: StaffIdentity, courseId: string, body: unknown) {
  await assertCourseExists(deps.db, staff, courseId);
  const input = dismissInput.parse(body);
  await openQuestions(deps, courseId, input.questionIds);
  await deps.db.unansweredQuestion.updateMany({ where: { id: { in: input.questionIds } }, data: { resolvedAt: new Date() } });
  await recordAudit(deps.db, {
    actorId: staff.userId,
    action: "dismiss",
    entityType: "unanswered",
    entityId: courseId,
    details: { questionIds: input.questionIds },
  });
}
