import type { PrismaClient, QaEntry, QaKind } from "@/lib/generated/prisma/client";
import type { EmbedTexts } from "@/lib/embeddings/embed-texts";
import { entryPayload } from "@/lib/vector/payload";
import { pointId } from "@/lib/vector/point-id";
import type { CollectionKind, Passage, VectorSpace, VectorStore } from "@/lib/vector/types";

export type QaIndexDeps = { db: PrismaClient; store: VectorStore; embed: EmbedTexts; spaces: { current: () => Promise<VectorSpace | null> } };

/** Entries embedded per pass of the worker's backfill. */
const VECTOR_BATCH = 64;

export function collectionOf(kind: QaKind): CollectionKind {
  return kind === "FAQ" ? "faq" : "org";
}

const textOf = (entry: QaEntry) => `${entry.question}\n${entry.answer}`;

function passageOf(entry: QaEntry): Passage {
  return { id: pointId("entry", entry.id), payload: entryPayload({ courseId: entry.courseId, entryId: entry.id, title: entry.question, text: textOf(entry) }) };
}

/** Embeds entries into a space and records it; entries edited meanwhile keep no stale mark. */
async function addVectors(deps: QaIndexDeps, space: VectorSpace, entries: QaEntry[]): Promise<void> {
  const vectors = await deps.embed(entries.map(textOf), "passage");
  if (vectors[0]?.length !== space.dimension) throw new Error("the embedding model changed while entries were embedded");
  await deps.store.ensureSpace(space);
  for (const kind of ["FAQ", "ORGANIZATION"] as const) {
    const points = entries.flatMap((entry, i) => (entry.kind === kind ? [{ ...passageOf(entry), vector: vectors[i] }] : []));
    if (points.length > 0) await deps.store.upsertVectors(collectionOf(kind), space, points);
  }
  for (const entry of entries) {
    await deps.db.qaEntry.updateMany({ where: { id: entry.id, updatedAt: entry.updatedAt }, data: { vectorKey: space.key } });
  }
}

/**
 * Indexes (or re-indexes after an edit) FAQ and organisational entries: their passages at once,
 * so they are found by their words even with no embedder, and their vectors when one answers
 * (else the worker adds them later, before dense search can find the old ones: it runs only
 * while the embedder answers, and the worker's next pass replaces them).
 */
export async function indexQaEntries(deps: QaIndexDeps, entries: QaEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await deps.store.ensurePassages();
  for (const kind of ["FAQ", "ORGANIZATION"] as const) {
    const passages = entries.filter((entry) => entry.kind === kind).map(passageOf);
    if (passages.length > 0) await deps.store.upsertPassages(collectionOf(kind), passages);
  }
  const ids = entries.map((e) => e.id);
  await deps.db.qaEntry.updateMany({ where: { id: { in: ids } }, data: { indexedAt: new Date(), vectorKey: null } });
  const space = await deps.spaces.current();
  if (space) {
    const fresh = await deps.db.qaEntry.findMany({ where: { id: { in: ids } } });
    await addVectors(deps, space, fresh).catch(() => {});
  }
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
  const pending = await deps.db.qaEntry.findMany({
    where: { indexedAt: null, createdAt: { lt: createdBefore } },
    orderBy: { createdAt: "asc" },
    take: VECTOR_BATCH,
  });
  if (pending.length === 0) return false;
  await indexQaEntries(deps, pending);
  return true;
}

/** Adds the space's vectors to a batch of indexed entries that lack them; true when there were any. */
export async function addMissingEntryVectors(deps: QaIndexDeps, space: VectorSpace): Promise<boolean> {
  const missing = await deps.db.qaEntry.findMany({
    where: { indexedAt: { not: null }, OR: [{ vectorKey: null }, { vectorKey: { not: space.key } }] },
    orderBy: { createdAt: "asc" },
    take: VECTOR_BATCH,
  });
  if (missing.length === 0) return false;
  await addVectors(deps, space, missing);
  return true;
}

export async function removeQaEntry(deps: Pick<QaIndexDeps, "store">, kind: QaKind, entryId: string): Promise<void> {
  await deps.store.deleteEntry(collectionOf(kind), entryId);
}
