import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertAdmin, assertCourseAccess, courseScope, type StaffIdentity } from "@/lib/auth/staff";
import type { Course, PrismaClient } from "@/lib/generated/prisma/client";
import { HttpError, notFound } from "@/lib/http/errors";

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
});

export const coursePatch = courseInput
  .omit({ slug: true })
  .partial()
  .extend({ archived: z.boolean().optional() });

export type CourseView = Pick<Course, "id" | "slug" | "title" | "description" | "language" | "systemPrompt"> & {
  archived: boolean;
  documents: number;
};

type CourseRow = Course & { _count: { documents: number } };

function view(course: CourseRow): CourseView {
  const { id, slug, title, description, language, systemPrompt } = course;
  return { id, slug, title, description, language, systemPrompt, archived: course.archivedAt !== null, documents: course._count.documents };
}

const withCounts = { _count: { select: { documents: true } } };

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
  const input = courseInput.parse(body);
  if (await db.course.findUnique({ where: { slug: input.slug }, select: { id: true } })) {
    throw new HttpError(409, "slug_taken", `A course with the address "${input.slug}" already exists.`);
  }
  const course = await db.course.create({ data: input, include: withCounts });
  await recordAudit(db, { actorId: staff.userId, action: "create", entityType: "course", entityId: course.id, details: { slug: course.slug } });
  return view(course);
}

export async function updateCourse(db: PrismaClient, staff: StaffIdentity, courseId: string, patch: z.infer<typeof coursePatch>): Promise<CourseView> {
  await getCourse(db, staff, courseId);
  const { archived, ...fields } = patch;
  const course = await db.course.update({
    where: { id: courseId },
    data: { ...fields, ...(archived === undefined ? {} : { archivedAt: archived ? new Date() : null }) },
    include: withCounts,
  });
  await recordAudit(db, {
    actorId: staff.userId,
    action: archived ? "archive" : "update",
    entityType: "course",
    entityId: courseId,
    details: { fields: Object.keys(patch) },
  });
  return view(course);
}
