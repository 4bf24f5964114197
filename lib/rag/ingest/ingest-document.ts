import type { Config } from "@/lib/config/load";
import type { JobStage, PrismaClient } from "@/lib/generated/prisma/client";
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

/** Texts per embedding request: small enough for live progress, large enough to batch well. */
const EMBED_BATCH = 32;
const UPSERT_BATCH = 256;
export const MAX_ATTEMPTS = 3;

/** What the embedder sees: the passage with its document and section, which situates short passages. */
function embeddingText(title: string, chunk: Chunk): string {
  return [chunk.section ? `${title} › ${chunk.section}` : title, chunk.text].join("\n");
}

function progressReporter(db: PrismaClient, jobId: string) {
  return (stage: JobStage, progress: number) =>
    db.ingestionJob.update({
      where: { id: jobId },
      data: { stage, progress: Math.min(100, Math.round(progress)), lockedAt: new Date() },
    });
}

/**
 * Runs one ingestion job: parse, chunk, embed in batches, then replace the document's points.
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
  await db.document.update({ where: { id: document.id }, data: { status: "PROCESSING", error: null } });
  try {
    await report("PARSING", 2);
    const parsed = await deps.parse(document.storagePath, document.fileName, {
      maxBytes: config.UPLOAD_MAX_MB * 1024 * 1024,
      maxPages: config.UPLOAD_MAX_PAGES,
    });
    await report("CHUNKING", 15);
    const chunks = chunkDocument(parsed);
    if (chunks.length === 0) throw new ParseError("empty_document", "The document has no text to index.");

    const vectors: number[][] = [];
    for (let start = 0; start < chunks.length; start += EMBED_BATCH) {
      await report("EMBEDDING", 20 + (70 * start) / chunks.length);
      const batch = chunks.slice(start, start + EMBED_BATCH);
      vectors.push(...(await deps.embed(batch.map((c) => embeddingText(document.title, c)), "passage")));
    }

    await report("INDEXING", 90);
    const points: VectorPoint[] = chunks.map((chunk, i) => ({
      id: pointId(document.id, chunk.position),
      vector: vectors[i],
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
    }));
    await store.ensureCollections(vectors[0].length);
    await store.deleteDocument("course", document.id);
    for (let start = 0; start < points.length; start += UPSERT_BATCH) {
      await store.upsert("course", points.slice(start, start + UPSERT_BATCH));
    }

    const finishedAt = new Date();
    const stillThere = await db.document.updateMany({
      where: { id: document.id },
      data: { status: "READY", error: null, pageCount: parsed.pageCount, chunkCount: chunks.length, indexedAt: finishedAt },
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
  await store.deleteDocument("course", documentId).catch(() => {});
  await db.document.updateMany({ where: { id: documentId }, data: { status: "FAILED", error: reason, chunkCount: 0 } });
  await db.ingestionJob.update({
    where: { id: job.id },
    data: { status: "FAILED", error: reason, finishedAt: new Date(), lockedBy: null },
  });
}
