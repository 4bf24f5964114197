import { openToStudents } from "@/lib/courses/visibility";
import { getDb } from "@/lib/db/client";

/**
 * A document students may open: a material of a course students can open, once it is READY (a
 * file still processing or that failed to parse is not yet, or not, course material).
 */
export function findStudentDocument(id: string) {
  return getDb().document.findFirst({
    where: { id, status: "READY", course: openToStudents },
    select: { id: true, title: true, fileName: true, type: true, mimeType: true, storagePath: true, checksum: true, sizeBytes: true, course: { select: { slug: true, title: true } } },
  });
}
