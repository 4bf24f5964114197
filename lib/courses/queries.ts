import { getDb } from "@/lib/db/client";

/** Courses students can open, with counts for the course cards. */
export function listActiveCourses() {
  return getDb().course.findMany({
    where: { archivedAt: null },
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

export function getActiveCourse(slug: string) {
  return getDb().course.findFirst({
    where: { slug, archivedAt: null },
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
