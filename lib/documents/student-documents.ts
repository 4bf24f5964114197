import "server-only";
import { z } from "zod";
import { openToStudents } from "@/lib/courses/visibility";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getContainer } from "@/lib/server/container";

const documentId = z.string().min(1).max(100);

/**
 * A document students may open: a material of a course students can open, once it is READY (a
 * file still processing or that failed to parse is not yet, or not, course material). Pages,
 * which no route wrapper hands a container, read the process's database.
 */
export async function findStudentDocument(id: string, db: PrismaClient = getContainer().db) {
  if (!documentId.safeParse(id).success) return null;
  return db.document.findFirst({
    where: { id, status: "READY", course: openToStudents },
    select: { id: true, title: true, fileName: true, type: true, mimeType: true, storagePath: true, checksum: true, sizeBytes: true, course: { select: { slug: true, title: true } } },
  });
}
