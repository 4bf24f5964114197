import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertAdmin, assertCourseAccess, courseScope, type StaffIdentity } from "@/lib/auth/staff";
import type { Course, PrismaClient } from "@/lib/generated/prisma/client";
import { MIN_DAILY_TOKEN_BUDGET } from "@/lib/courses/token-budget-limits";
import { HttpError, notFound } from "@/lib/http/errors";
import { forgetFloors, LEXICAL_SPACE } from "@/lib/rag/calibration/floors";
import type { VectorSpace } from "@/lib/vector/types";

const title = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");

export const courseInput = z.object({
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lowercase Latin letters, digits and hyphens, e.g. python-basics")
    .max(80),
  title,
  description: z.string().trim().max(2000).optional(),
  language: z.enum(["ru", "en"]).default("ru"),
  systemPrompt: z.string().trim().max(10_000).nullable().optional(),
  /** A course starts as a draft students cannot see, unless it is published right away. */
  published: z.boolean().default(false),
});

const DENSE_FLOOR_RULE = "must be a number from -1 to 1 (a cosine similarity), or null to use the calibrated floor";
const LEXICAL_FLOOR_RULE = "must be a number from 0 to 1 (the share of the question's words a passage must exceed), or null to use the calibrated floor";
const BUDGET_RULE = `must be a whole number of tokens, at least ${MIN_DAILY_TOKEN_BUDGET}, or null for no budget of the course's own`;

export const coursePatch = courseInput
  .omit({ slug: true })
  .partial()
  .extend({
    // Without these the creation defaults ("ru", a draft) would fill in every patch that leaves them out.
    language: z.enum(["ru", "en"]).optional(),
    published: z.boolean().optional(),
    archived: z.boolean().optional(),
    /** Staff's own relevance floors; null goes back to the calibrated ones. */
    denseFloorOverride: z.number({ error: DENSE_FLOOR_RULE }).min(-1, DENSE_FLOOR_RULE).max(1, DENSE_FLOOR_RULE).nullable().optional(),
    lexicalFloorOverride: z.number({ error: LEXICAL_FLOOR_RULE }).min(0, LEXICAL_FLOOR_RULE).max(1, LEXICAL_FLOOR_RULE).nullable().optional(),
    /** Model tokens the course may spend a day; null leaves only the global limits. */
    dailyTokenBudget: z.number({ error: BUDGET_RULE }).int(BUDGET_RULE).min(MIN_DAILY_TOKEN_BUDGET, BUDGET_RULE).max(2_000_000_000, BUDGET_RULE).nullable().optional(),
  });

export type CourseView = Pick<Course, "id" | "slug" | "title" | "description" | "language" | "systemPrompt"> & {
  /** Students see the course (unless it is also archived); a draft is staff's alone. */
  published: boolean;
  archived: boolean;
  /** Model tokens the course may spend a day; null: no budget of its own. */
  dailyTokenBudget: number | null;
  documents: number;
};

type CourseRow = Course & { _count: { documents: number } };

function view(course: CourseRow): CourseView {
  const { id, slug, title, description, language, systemPrompt } = course;
  return {
    id,
    slug,
    title,
    description,
    language,
    systemPrompt,
    published: course.publishedAt !== null,
    archived: course.archivedAt !== null,
    dailyTokenBudget: course.dailyTokenBudget,
    documents: course._count.documents,
  };
}

const withCounts = { _count: { select: { documents: true } } };

/** A floor as calibration left it: the value, how many probe questions it rests on, and when. */
export type CalibratedFloor = { value: number; probeCount: number; computedAt: string };

/**
 * A course's relevance floors as staff see them: for full-text scores and for the embedding
 * model that answers now (`space` null while no embedder answers), each calibrated (null until
 * it is) and overridden (null: the calibration counts).
 */
export type CourseFloorsView = {
  lexical: { calibrated: CalibratedFloor | null; override: number | null };
  dense: { space: string | null; calibrated: CalibratedFloor | null; override: number | null };
};

/** A course with its relevance floors: what the course's own page and API show. */
export type CourseDetail = CourseView & { floors: CourseFloorsView };

/** The course's floors for the lexical index and for `space`, the current embedding model (null: none answers). */
export async function courseFloorsView(db: PrismaClient, courseId: string, space: Pick<VectorSpace, "key"> | null): Promise<CourseFloorsView> {
  const [course, rows] = await Promise.all([
    db.course.findUnique({ where: { id: courseId }, select: { denseFloorOverride: true, lexicalFloorOverride: true } }),
    db.relevanceFloor.findMany({ where: { courseId, space: { in: space ? [LEXICAL_SPACE, space.key] : [LEXICAL_SPACE] } } }),
  ]);
  if (!course) throw notFound("The course");
  const calibrated = (key: string | undefined): CalibratedFloor | null => {
    const row = rows.find((r) => r.space === key);
    return row ? { value: row.value, probeCount: row.probeCount, computedAt: row.computedAt.toISOString() } : null;
  };
  return {
    lexical: { calibrated: calibrated(LEXICAL_SPACE), override: course.lexicalFloorOverride },
    dense: { space: space?.key ?? null, calibrated: calibrated(space?.key), override: course.denseFloorOverride },
  };
}

/** getCourse with the course's relevance floors for `space`, the current embedding model. */
export async function getCourseDetail(db: PrismaClient, staff: StaffIdentity, courseId: string, space: Pick<VectorSpace, "key"> | null): Promise<CourseDetail> {
  const course = await getCourse(db, staff, courseId);
  return { ...course, floors: await courseFloorsView(db, courseId, space) };
}

/**
 * The staff member may manage the course (403 otherwise) and it exists (404 otherwise); null
 * stands for every course, which only admins manage.
 */
export async function assertCourseExists(db: PrismaClient, staff: StaffIdentity, courseId: string | null): Promise<void> {
  assertCourseAccess(staff, courseId);
  if (courseId !== null && !(await db.course.findUnique({ where: { id: courseId }, select: { id: true } }))) throw notFound("The course");
}

export async function listCourses(db: PrismaClient, staff: StaffIdentity): Promise<CourseView[]> {
  const courses = await db.course.findMany({ where: courseScope(staff), orderBy: { title: "asc" }, include: withCounts });
  return courses.map(view);
}

export async function getCourse(db: PrismaClient, staff: StaffIdentity, courseId: string): Promise<CourseView> {
  assertCourseAccess(staff, courseId);
  const course = await db.course.findUnique({ where: { id: courseId }, include: withCounts });
  if (!course) throw notFound("The course");
  return view(course);
}

/** Admins only; the role is checked before the body, so staff learn nothing from validation errors. */
export async function createCourse(db: PrismaClient, staff: StaffIdentity, body: unknown): Promise<CourseView> {
  assertAdmin(staff);
  const { published, ...input } = courseInput.parse(body);
  if (await db.course.findUnique({ where: { slug: input.slug }, select: { id: true } })) {
    throw new HttpError(409, "slug_taken", `A course with the address "${input.slug}" already exists.`);
  }
  const course = await db.course.create({ data: { ...input, publishedAt: published ? new Date() : null }, include: withCounts });
  await recordAudit(db, { actorId: staff.userId, action: "create", entityType: "course", entityId: course.id, details: { slug: course.slug, published } });
  return view(course);
}

export async function updateCourse(db: PrismaClient, staff: StaffIdentity, courseId: string, patch: z.infer<typeof coursePatch>): Promise<CourseView> {
  const current = await getCourse(db, staff, courseId);
  // The budget bounds what the operator pays for, not a teaching choice: course staff cannot raise it.
  if (patch.dailyTokenBudget !== undefined) assertAdmin(staff);
  const { archived, published, ...fields } = patch;
  const course = await db.course.update({
    where: { id: courseId },
    data: {
      ...fields,
      ...(archived === undefined ? {} : { archivedAt: archived ? new Date() : null }),
      // Publishing a course that is already published keeps the date it went out.
      ...(published === undefined || published === current.published ? {} : { publishedAt: published ? new Date() : null }),
    },
    include: withCounts,
  });
  await recordAudit(db, {
    actorId: staff.userId,
    action: archived ? "archive" : "update",
    entityType: "course",
    entityId: courseId,
    details: { fields: Object.keys(patch) },
  });
  // The chat caches floors for a few seconds; an override counts from the next question on.
  if (patch.denseFloorOverride !== undefined || patch.lexicalFloorOverride !== undefined) forgetFloors(courseId);
  return view(course);
}
