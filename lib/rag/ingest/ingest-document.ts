import type { Config } from "@/lib/config/load";
import type { Document, JobStage, PrismaClient } from "@/lib/generated/prisma/client";
import { pointId } from "@/lib/vector/point-id";
import type { VectorPoint, VectorStore } from "@/lib/vector/types";
import { chunkDocument, type Chunk } from "../chunk";
import type { EmbedTexts } from "../embed-types";
import type { parseDocument } from "../parse";
import { ParseError } from "../parse/types";
import type { ClaimedJob } from "./queue";

/** The document parser; passed in like the store and embedder, so the composition root chooses every part. */
export type ParseFile = typeof parseDocument;

export type IngestDeps = { db: PrismaClient; store: VectorStore; embed: EmbedTexts; parse: ParseFile; config: Config };

/** Texts per embedding request: the sidecar's default forward-pass size, so a request fills one pass. */
export const EMBED_BATCH = 64;
/**
 * Embedding requests kept in flight, so the embedder always has the next batch while this process
 * reads the last one, reports progress or writes points (measured with `npm run bench:ingest`).
 */
export const EMBED_CONCURRENCY = 2;
const UPSERT_BATCH = 256;
export const MAX_ATTEMPTS = 3;

/** What the embedder sees: the passage with its document and section, which situates short passages. */
export function embeddingText(title: string, chunk: Chunk): string {
  return [chunk.section ? `${title} › ${chunk.section}` : title, chunk.text].join("\n");
}

/**
 * Embeds passages in batches of EMBED_BATCH with EMBED_CONCURRENCY requests in flight and hands
 * each batch's vectors to onBatch in order; while onBatch runs, the next requests are already out.
 */
export async function embedInBatches(
  embed: EmbedTexts,
  texts: string[],
  onBatch: (vectors: number[][], start: number) => Promise<void> | void,
): Promise<void> {
  const inFlight: { start: number; vectors: Promise<number[][]> }[] = [];
  let next = 0;
  const send = () => {
    if (next >= texts.length) return;
    const vectors = embed(texts.slice(next, next + EMBED_BATCH), "passage");
    // Awaited in order below; a later batch failing first must not count as unhandled meanwhile.
    vectors.catch(() => {});
    inFlight.push({ start: next, vectors });
    next += EMBED_BATCH;
  };
  while (inFlight.length < EMBED_CONCURRENCY && next < texts.length) send();
  while (inFlight.length > 0) {
    const { start, vectors } = inFlight.shift()!;
    const batch = await vectors;
    send();
    await onBatch(batch, start);
  }
}

function pointOf(document: Document, chunk: Chunk, vector: number[]): VectorPoint {
  return {
    id: pointId(document.id, chunk.position),
    vector,
    payload: {
      courseId: document.courseId,
      documentId: document.id,
      entryId: null,
      title: document.title,
      page: chunk.page,
      section: chunk.section,
      position: chunk.position,
      text: chunk.text,
    },
  };
}

function progressReporter(db: PrismaClient, jobId: string) {
  return (stage: JobStage, progress: number) =>
    db.ingestionJob.update({
      where: { id: jobId },
      data: { stage, progress: Math.min(100, Math.round(progress)), lockedAt: new Date() },
    });
}

/**
 * Runs one ingestion job: parse, chunk, then embed in batches while replacing the document's points.
 * The document is READY only once all its points are in; a file that cannot be read fails
 * at once with its reason, other errors are retried up to MAX_ATTEMPTS. Either way no points
 * of a failed document remain.
 */
export async function ingestDocument(deps: IngestDeps, job: ClaimedJob): Promise<void> {
  const { db, store, config } = deps;
  const document = await db.document.findUnique({ where: { id: job.documentId } });
  if (!document) {
    await db.ingestionJob.update({ where: { id: job.id }, data: { status: "CANCELLED", finishedAt: new Date() } });
    return;
  }
  const report = progressReporter(db, job.id);
  await db.document.update({ where: { id: document.id }, data: { status: "PROCESSING", error: null, errorCode: null } });
  try {
    await report("PARSING", 2);
    const parsed = await deps.parse(document.storagePath, document.fileName, {
      maxBytes: config.UPLOAD_MAX_MB * 1024 * 1024,
      maxPages: config.UPLOAD_MAX_PAGES,
    });
    await report("CHUNKING", 15);
    const chunks = chunkDocument(parsed);
    if (chunks.length === 0) throw new ParseError("empty_document", "The document has no text to index.");

    // Points are written as their vectors arrive, overlapping the embedder's work. The document is
    // not READY until all are in, so retrieval never sees a partial set; a retry rewrites them and
    // a final failure removes them.
    const texts = chunks.map((chunk) => embeddingText(document.title, chunk));
    let pending: VectorPoint[] = [];
    // Writes run one after another behind the embedding loop instead of pausing it; the first
    // failure surfaces when they are awaited at the end.
    let writes = Promise.resolve();
    const write = () => {
      const points = pending;
      pending = [];
      writes = writes.then(() => store.upsert("course", points));
      writes.catch(() => {});
    };
    await report("EMBEDDING", 20);
    const embedded = embedInBatches(deps.embed, texts, async (vectors, start) => {
      if (start === 0) {
        await store.ensureCollections(vectors[0].length);
        await store.deleteDocument("course", document.id);
      }
      pending.push(...vectors.map((vector, i) => pointOf(document, chunks[start + i], vector)));
      if (pending.length >= UPSERT_BATCH) write();
      await report("EMBEDDING", 20 + (75 * (start + vectors.length)) / chunks.length);
    });
    // Even when embedding fails, the writes already queued finish first, so none lands after the cleanup.
    await embedded.finally(() => writes.catch(() => {}));
    await report("INDEXING", 95);
    write();
    await writes;

    const finishedAt = new Date();
    const stillThere = await db.document.updateMany({
      where: { id: document.id },
      data: { status: "READY", error: null, errorCode: null, pageCount: parsed.pageCount, chunkCount: chunks.length, indexedAt: finishedAt },
    });
    if (stillThere.count === 0) {
      // Deleted while it was being indexed: take back what was just written.
      await store.deleteDocument("course", document.id);
      return;
    }
    await db.ingestionJob.update({
      where: { id: job.id },
      data: { status: "SUCCEEDED", stage: "DONE", progress: 100, error: null, finishedAt, lockedBy: null },
    });
  } catch (error) {
    await failOrRetry(deps, job, document.id, error);
  }
}

async function failOrRetry(deps: IngestDeps, job: ClaimedJob, documentId: string, error: unknown): Promise<void> {
  const { db, store } = deps;
  const message = error instanceof Error ? error.message : String(error);
  const permanent = error instanceof ParseError || job.attempts >= MAX_ATTEMPTS;
  if (!permanent) {
    await db.ingestionJob.update({
      where: { id: job.id },
      data: { status: "QUEUED", stage: "QUEUED", progress: 0, lockedBy: null, error: `Attempt ${job.attempts} failed: ${message}` },
    });
    await db.document.updateMany({ where: { id: documentId }, data: { status: "QUEUED" } });
    return;
  }
  const reason = error instanceof ParseError ? message : `Indexing failed after ${job.attempts} attempts: ${message}`;
  const errorCode = error instanceof ParseError ? error.code : "indexing_failed";
  await store.deleteDocument("course", documentId).catch(() => {});
  await db.document.updateMany({ where: { id: documentId }, data: { status: "FAILED", error: reason, errorCode, chunkCount: 0 } });
  await db.ingestionJob.update({
    where: { id: job.id },
    data: { status: "FAILED", error: reason, finishedAt: new Date(), lockedBy: null },
  });
}
