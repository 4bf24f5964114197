import type { PrismaClient } from "@/lib/generated/prisma/client";
import { openToStudents } from "./visibility";

/** Courses students can open, with counts for the course cards. */
export function listActiveCourses(db: PrismaClient) {
  return db.course.findMany({
    where: openToStudents,
    orderBy: { title: "asc" },
    select: {
      id: true,
      slug: true,
      title: true,
      description: true,
      language: true,
      _count: { select: { documents: true, qaEntries: { where: { kind: "FAQ" } } } },
    },
  });
}

export function getActiveCourse(db: PrismaClient, slug: string) {
  return db.course.findFirst({
    where: { slug, ...openToStudents },
    select: {
      id: true,
      slug: true,
      title: true,
      description: true,
      language: true,
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
