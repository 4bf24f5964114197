import { getDb } from "@/lib/db/client";

/** A document students may open: any material of a course that is not archived. */
export function findStudentDocument(id: string) {
  return getDb().document.findFirst({
    where: { id, course: { archivedAt: null } },
    select: { id: true, title: true, fileName: true, type: true, mimeType: true, storagePath: true, course: { select: { slug: true, title: true } } },
  });
}
