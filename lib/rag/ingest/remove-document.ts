import { rm } from "node:fs/promises";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { VectorStore } from "@/lib/vector/types";

/** Deletes a document everywhere: its points first (so it stops being served), then its row and file. */
export async function removeDocument(deps: { db: PrismaClient; store: VectorStore }, documentId: string): Promise<boolean> {
  const document = await deps.db.document.findUnique({ where: { id: documentId } });
  if (!document) return false;
  await deps.store.deleteDocument("course", documentId);
  await deps.db.document.delete({ where: { id: documentId } });
  const sameFile = await deps.db.document.count({ where: { storagePath: document.storagePath } });
  if (sameFile === 0) await rm(document.storagePath, { force: true });
  return true;
}
