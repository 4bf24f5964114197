import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Students reach a course once staff publish it and until they archive it: a new course is a
 * draft, so materials can be uploaded and checked before anyone can ask about them.
 */
export const openToStudents = { publishedAt: { not: null }, archivedAt: null } satisfies Prisma.CourseWhereInput;

export function isOpenToStudents(course: { publishedAt: Date | null; archivedAt: Date | null }): boolean {
  return course.publishedAt !== null && course.archivedAt === null;
}
