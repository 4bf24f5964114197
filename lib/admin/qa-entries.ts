import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertCourseAccess, canAccessCourse, type StaffIdentity } from "@/lib/auth/staff";
import type { PrismaClient, QaEntry } from "@/lib/generated/prisma/client";
import { HttpError, notFound } from "@/lib/http/errors";
import { indexQaEntry, removeQaEntry, type QaIndexDeps } from "@/lib/rag/qa-index";
import { assertCourseExists } from "./courses";

const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);

export const qaEntryInput = z.object({
  kind: z.enum(["FAQ", "ORGANIZATION"]),
  /** null: the entry applies to every course (admins only). */
  courseId: z.string().min(1).nullable(),
  question: text(1000),
  answer: text(10_000),
});
export const qaEntryPatch = qaEntryInput.pick({ question: true, answer: true }).partial();

export const qaListQuery = z.object({
  kind: z.enum(["FAQ", "ORGANIZATION"]).optional(),
  /** A course id, or "global" for the entries that apply to every course. */
  courseId: z.string().min(1).optional(),
});

export type QaEntryView = Pick<QaEntry, "id" | "kind" | "courseId" | "question" | "answer"> & { updatedAt: string; indexedAt: string | null };

function view(entry: QaEntry): QaEntryView {
  const { id, kind, courseId, question, answer } = entry;
  return { id, kind, courseId, question, answer, updatedAt: entry.updatedAt.toISOString(), indexedAt: entry.indexedAt?.toISOString() ?? null };
}

/** When the index cannot be written the change is refused rather than saved unsearchable. */
async function indexOrExplain(deps: QaIndexDeps, entryId: string): Promise<void> {
  try {
    await indexQaEntry(deps, entryId);
  } catch (error) {
    console.error(`Indexing entry ${entryId} failed: ${error instanceof Error ? error.message : String(error)}`);
    throw new HttpError(503, "index_unavailable", "The entry could not be indexed (is the vector store reachable?); nothing was changed.");
  }
}

/** Entries of one course, or of every course the staff member may manage, global ones included for admins. */
export async function listQaEntries(db: PrismaClient, staff: StaffIdentity, query: z.infer<typeof qaListQuery>) {
  const courseId = query.courseId === "global" ? null : query.courseId;
  if (courseId !== undefined) assertCourseAccess(staff, courseId);
  const courseFilter = courseId !== undefined
    ? { courseId }
    : staff.role === "ADMIN"
      ? {}
      : { courseId: { in: [...staff.courseIds] } };
  const entries = await db.qaEntry.findMany({ where: { kind: query.kind, ...courseFilter }, orderBy: { updatedAt: "desc" } });
  return entries.map(view);
}

async function entryForStaff(db: PrismaClient, staff: StaffIdentity, entryId: string): Promise<QaEntry> {
  const entry = await db.qaEntry.findUnique({ where: { id: entryId } });
  if (!entry) throw notFound("The entry");
  if (!canAccessCourse(staff, entry.courseId)) {
    throw new HttpError(403, "forbidden", entry.courseId ? "This course is not one of yours." : "Only administrators can change entries for every course.");
  }
  return entry;
}

export async function createQaEntry(deps: QaIndexDeps, staff: StaffIdentity, input: z.infer<typeof qaEntryInput>): Promise<QaEntryView> {
  await assertCourseExists(deps.db, staff, input.courseId);
  const entry = await deps.db.qaEntry.create({ data: { ...input, createdById: staff.userId } });
  try {
    await indexOrExplain(deps, entry.id);
  } catch (error) {
    await deps.db.qaEntry.delete({ where: { id: entry.id } });
    throw error;
  }
  await recordAudit(deps.db, { actorId: staff.userId, action: "create", entityType: "qa_entry", entityId: entry.id, details: { kind: entry.kind } });
  return view(await deps.db.qaEntry.findUniqueOrThrow({ where: { id: entry.id } }));
}

export async function updateQaEntry(deps: QaIndexDeps, staff: StaffIdentity, entryId: string, patch: z.infer<typeof qaEntryPatch>): Promise<QaEntryView> {
  const before = await entryForStaff(deps.db, staff, entryId);
  await deps.db.qaEntry.update({ where: { id: entryId }, data: patch });
  try {
    await indexOrExplain(deps, entryId);
  } catch (error) {
    await deps.db.qaEntry.update({ where: { id: entryId }, data: { question: before.question, answer: before.answer } });
    throw error;
  }
  await recordAudit(deps.db, {
    actorId: staff.userId,
    action: "update",
    entityType: "qa_entry",
    entityId: entryId,
    details: { before: { question: before.question, answer: before.answer } },
  });
  return view(await deps.db.qaEntry.findUniqueOrThrow({ where: { id: entryId } }));
}

export async function deleteQaEntry(deps: Pick<QaIndexDeps, "db" | "store">, staff: StaffIdentity, entryId: string): Promise<void> {
  const entry = await entryForStaff(deps.db, staff, entryId);
  // Out of the index first: an entry that is gone must never be served.
  await removeQaEntry(deps, entry.kind, entryId);
  await deps.db.qaEntry.delete({ where: { id: entryId } });
  await recordAudit(deps.db, {
    actorId: staff.userId,
    action: "delete",
    entityType: "qa_entry",
    entityId: entryId,
    details: { kind: entry.kind, question: entry.question, courseId: entry.courseId },
  });
}
