import type { PrismaClient } from "@/lib/generated/prisma/client";
import { openToStudents } from "./visibility";

const courseFields = { id: true, slug: true, title: true, description: true, language: true } as const;

/** Courses students can open, with counts for the course cards. */
export function listActiveCourses(db: PrismaClient) {
  return db.course.findMany({
    where: openToStudents,
    orderBy: { title: "asc" },
    select: {
      ...courseFields,
      _count: { select: { documents: true, qaEntries: { where: { kind: "FAQ" } } } },
    },
  });
}

export function getActiveCourse(db: PrismaClient, slug: string) {
  return db.course.findFirst({
    where: { slug, ...openToStudents },
    select: {
      ...courseFields,
      documents: {
        orderBy: { title: "asc" },
        select: { id: true, title: true, fileName: true, type: true, sizeBytes: true, status: true, pageCount: true },
      },
      qaEntries: {
        where: { kind: "FAQ" },
        orderBy: { question: "asc" },
        select: { id: true, question: true, answer: true },
      },
    },
  });
}
