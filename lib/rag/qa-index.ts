import type { PrismaClient, QaEntry, QaKind } from "@/lib/generated/prisma/client";
import { pointId } from "@/lib/vector/point-id";
import type { CollectionKind, VectorPoint, VectorStore } from "@/lib/vector/types";
import type { EmbedTexts } from "./embed-types";

export type QaIndexDeps = { db: PrismaClient; store: VectorStore; embed: EmbedTexts };

export function collectionOf(kind: QaKind): CollectionKind {
  return kind === "FAQ" ? "faq" : "org";
}

function pointOf(entry: QaEntry, vector: number[]): VectorPoint {
  const text = `${entry.question}\n${entry.answer}`;
  return {
    id: pointId("entry", entry.id),
    vector,
    payload: { courseId: entry.courseId, documentId: null, entryId: entry.id, title: entry.question, page: null, section: null, position: 0, text },
  };
}

/** Indexes (or re-indexes after an edit) FAQ and organisational entries, embedding them together. */
export async function indexQaEntries(deps: QaIndexDeps, entries: QaEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const vectors = await deps.embed(entries.map((entry) => `${entry.question}\n${entry.answer}`), "passage");
  await deps.store.ensureCollections(vectors[0].length);
  for (const kind of ["FAQ", "ORGANIZATION"] as const) {
    const points = entries.flatMap((entry, i) => (entry.kind === kind ? [pointOf(entry, vectors[i])] : []));
    if (points.length > 0) await deps.store.upsert(collectionOf(kind), points);
  }
  await deps.db.qaEntry.updateMany({ where: { id: { in: entries.map((e) => e.id) } }, data: { indexedAt: new Date() } });
}

export async function indexQaEntry(deps: QaIndexDeps, entryId: string): Promise<void> {
  await indexQaEntries(deps, [await deps.db.qaEntry.findUniqueOrThrow({ where: { id: entryId } })]);
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
