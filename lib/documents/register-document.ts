import path from "node:path";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { fileTypeOf } from "./file-types";

export type NewDocument = {
  courseId: string;
  fileName: string;
  title?: string;
  checksum: string;
  sizeBytes: number;
  storagePath: string;
  uploadedById?: string;
};

function titleOf(fileName: string): string {
  return path.basename(fileName, path.extname(fileName)).replace(/[_]+/g, " ").trim() || fileName;
}

/**
 * Creates a document and its first ingestion job, or returns the course's existing document
 * with the same content: the same file uploaded twice is indexed once. The unique (course,
 * checksum) decides between two uploads racing past the lookup: the loser finds the winner's.
 */
export async function registerDocument(db: PrismaClient, input: NewDocument) {
  const fileType = fileTypeOf(input.fileName);
  if (!fileType) throw new Error(`Unsupported file type: ${input.fileName}`);
  const where = { courseId_checksum: { courseId: input.courseId, checksum: input.checksum } };
  const existing = await db.document.findUnique({ where });
  if (existing) return { document: existing, created: false };
  const { title, ...rest } = input;
  try {
    const document = await db.document.create({
      data: { ...rest, title: title ?? titleOf(input.fileName), ...fileType, jobs: { create: {} } },
    });
    return { document, created: true };
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    return { document: await db.document.findUniqueOrThrow({ where }), created: false };
  }
}
