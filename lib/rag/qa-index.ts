import type { PrismaClient, QaKind } from "@/lib/generated/prisma/client";
import { pointId } from "@/lib/vector/point-id";
import type { CollectionKind, VectorStore } from "@/lib/vector/types";
import type { EmbedTexts } from "./embed-types";

export type QaIndexDeps = { db: PrismaClient; store: VectorStore; embed: EmbedTexts };

export function collectionOf(kind: QaKind): CollectionKind {
  return kind === "FAQ" ? "faq" : "org";
}

/** Indexes (or re-indexes after an edit) one FAQ or organisational entry. */
export async function indexQaEntry(deps: QaIndexDeps, entryId: string): Promise<void> {
  const entry = await deps.db.qaEntry.findUniqueOrThrow({ where: { id: entryId } });
  const text = `${entry.question}\n${entry.answer}`;
  const [vector] = await deps.embed([text], "passage");
  await deps.store.ensureCollections(vector.length);
  await deps.store.upsert(collectionOf(entry.kind), [
    {
      id: pointId("entry", entry.id),
      vector,
      payload: {
        courseId: entry.courseId,
        documentId: null,
        entryId: entry.id,
        title: entry.question,
        page: null,
        section: null,
        position: 0,
        text,
      },
    },
  ]);
  await deps.db.qaEntry.update({ where: { id: entry.id }, data: { indexedAt: new Date() } });
}

/**
 * Indexes one entry created before the given time that has never been indexed (seeded or imported
 * rows), if any; true when it did. The configured ingestion worker calls it while idle, so such
 * entries become searchable without an admin edit.
 */
export async function indexPendingQaEntry(deps: QaIndexDeps, createdBefore: Date): Promise<boolean> {
  const pending = await deps.db.qaEntry.findFirst({
    where: { indexedAt: null, createdAt: { lt: createdBefore } },
    orderBy: { createdAt: "asc" },
    select: { id: true },
  });
  if (!pending) return false;
  await indexQaEntry(deps, pending.id);
  return true;
}

export async function removeQaEntry(deps: Pick<QaIndexDeps, "store">, kind: QaKind, entryId: string): Promise<void> {
  await deps.store.deleteEntry(collectionOf(kind), entryId);
}
