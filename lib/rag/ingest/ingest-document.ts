import type { Document, JobStage, PrismaClient } from "@/lib/generated/prisma/client";
import { documentPayload } from "@/lib/vector/payload";
import { pointId } from "@/lib/vector/point-id";
import type { Passage, VectorPoint, VectorSpace } from "@/lib/vector/types";
import { chunkDocument, type Chunk } from "../chunk";
import type { parseDocument } from "../parse";
import { ParseError } from "../parse/types";
import type { RagServices } from "../services";
import { embedInBatches, embeddingText } from "./embed-in-batches";
import type { ClaimedJob } from "./queue";

/** The document parser; passed in like the store and embedder, so the composition root chooses every part. */
export type ParseFile = typeof parseDocument;

export type IngestDeps = RagServices & { parse: ParseFile };

const WRITE_BATCH = 256;

/** A job that cannot run now (no embedder for a VECTORS job): back to the queue, no attempt spent. */
class NotNow extends Error {}

function passageOf(document: Document, chunk: Chunk): Passage {
  return {
    id: pointId(document.id, chunk.position),
    payload: documentPayload({ courseId: document.courseId, documentId: document.id, title: document.title, ...chunk }),
  };
}

function progressReporter(db: PrismaClient, jobId: string) {
  return (stage: JobStage, progress: number) =>
    db.ingestionJob.update({
      where: { id: jobId },
      data: { stage, progress: Math.min(100, Math.round(progress)), lockedAt: new Date() },
    });
}

async function chunksOf(deps: IngestDeps, document: Document): Promise<{ chunks: Chunk[]; pageCount: number | null }> {
  const parsed = await deps.parse(document.storagePath, document.fileName, {
    maxBytes: deps.config.UPLOAD_MAX_MB * 1024 * 1024,
    maxPages: deps.config.UPLOAD_MAX_PAGES,
  });
  const chunks = chunkDocument(parsed);
  if (chunks.length === 0) throw new ParseError("empty_document", "The document has no text to index.");
  return { chunks, pageCount: parsed.pageCount };
}

type Report = ReturnType<typeof progressReporter>;

/**
 * Embeds a READY document's chunks into the space and records it, reporting progress from
 * `from` to 95 %. The document counts as having this model's vectors only once all are written,
 * and only if it was not re-indexed meanwhile.
 */
async function embedChunks(deps: IngestDeps, report: Report, document: Document, chunks: Chunk[], space: VectorSpace, from: number): Promise<void> {
  const { db, store } = deps;
  await store.ensureSpace(space);
  const texts = chunks.map((chunk) => embeddingText(document.title, chunk));
  let pending: VectorPoint[] = [];
  // Writes run one after another behind the embedding loop instead of pausing it.
  let writes = Promise.resolve();
  const write = () => {
    const points = pending;
    pending = [];
    writes = writes.then(() => store.upsertVectors("course", space, points));
    writes.catch(() => {});
  };
  await report("EMBEDDING", from);
  const embedded = embedInBatches(deps.embed, texts, async (vectors, start) => {
    if (vectors[0]?.length !== space.dimension) throw new NotNow("the embedding model changed while vectors were being made");
    pending.push(...vectors.map((vector, i) => ({ ...passageOf(document, chunks[start + i]), vector })));
    if (pending.length >= WRITE_BATCH) write();
    await report("EMBEDDING", from + ((95 - from) * (start + vectors.length)) / chunks.length);
  });
  // Even when embedding fails, the writes already queued finish first.
  await embedded.finally(() => writes.catch(() => {}));
  write();
  await writes;
  await db.document.updateMany({ where: { id: document.id, status: "READY", indexedAt: document.indexedAt }, data: { vectorKey: space.key } });
}

async function succeed(db: PrismaClient, jobId: string): Promise<void> {
  await db.ingestionJob.update({
    where: { id: jobId },
    data: { status: "SUCCEEDED", stage: "DONE", progress: 100, error: null, finishedAt: new Date(), lockedBy: null },
  });
}

/**
 * INDEX: parse, chunk and write the passages to the lexical index, then READY: a document is
 * searchable by its words as soon as it is parsed, embedder or not. When an embedder answers, the
 * same job goes on to add the model's vectors to the chunks it already has; if that fails, the
 * document stays READY and the worker's VECTORS job tries again later.
 */
async function indexDocument(deps: IngestDeps, job: ClaimedJob, document: Document): Promise<void> {
  const { db, store } = deps;
  const report = progressReporter(db, job.id);
  await db.document.update({ where: { id: document.id }, data: { status: "PROCESSING", error: null, errorCode: null } });
  await report("PARSING", 5);
  const { chunks, pageCount } = await chunksOf(deps, document);
  await report("INDEXING", 30);
  await store.ensurePassages();
  // The old passages and every model's vectors go first: a re-indexed file may have fewer chunks.
  await store.deleteDocument("course", document.id);
  const passages = chunks.map((chunk) => passageOf(document, chunk));
  for (let start = 0; start < passages.length; start += WRITE_BATCH) {
    await store.upsertPassages("course", passages.slice(start, start + WRITE_BATCH));
  }
  const indexedAt = new Date();
  const stillThere = await db.document.updateMany({
    where: { id: document.id },
    data: { status: "READY", error: null, errorCode: null, pageCount, chunkCount: chunks.length, indexedAt, vectorKey: null },
  });
  if (stillThere.count === 0) {
    // Deleted while it was being indexed: take back what was just written.
    await store.deleteDocument("course", document.id);
    return;
  }
  const space = await deps.spaces.current();
  if (space) {
    await embedChunks(deps, report, { ...document, status: "READY", indexedAt }, chunks, space, 40).catch((error: unknown) =>
      console.error(`Vectors of document ${document.id} not added yet: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
  await succeed(db, job.id);
}

/**
 * VECTORS: adds the current model's vectors to a READY document that lacks them (indexed while no
 * embedder answered, or under another model). The document stays searchable by its words meanwhile.
 */
async function addVectors(deps: IngestDeps, job: ClaimedJob, document: Document): Promise<void> {
  const space: VectorSpace | null = document.status === "READY" ? await deps.spaces.current() : null;
  if (document.status !== "READY" || document.vectorKey === space?.key) {
    await deps.db.ingestionJob.update({ where: { id: job.id }, data: { status: "CANCELLED", finishedAt: new Date(), lockedBy: null } });
    return;
  }
  if (!space) throw new NotNow("no embedder answers");
  const report = progressReporter(deps.db, job.id);
  await report("PARSING", 2);
  const { chunks } = await chunksOf(deps, document);
  await embedChunks(deps, report, document, chunks, space, 5);
  await succeed(deps.db, job.id);
}

/**
 * Runs one ingestion job. An INDEX job that cannot read its file fails at once with the reason;
 * other errors are retried until the job has had INGEST_MAX_ATTEMPTS claims, and a document that finally fails keeps no
 * passages. A VECTORS job never touches what students can find: when it fails, the document
 * stays READY on its words and a later pass tries again.
 */
export async function ingestDocument(deps: IngestDeps, job: ClaimedJob): Promise<void> {
  const document = await deps.db.document.findUnique({ where: { id: job.documentId } });
  if (!document) {
    await deps.db.ingestionJob.update({ where: { id: job.id }, data: { status: "CANCELLED", finishedAt: new Date(), lockedBy: null } });
    return;
  }
  try {
    if (job.kind === "VECTORS") await addVectors(deps, job, document);
    else await indexDocument(deps, job, document);
  } catch (error) {
    await failOrRetry(deps, job, document.id, error);
  }
}

async function failOrRetry(deps: IngestDeps, job: ClaimedJob, documentId: string, error: unknown): Promise<void> {
  const { db, store } = deps;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof NotNow) {
    await db.ingestionJob.update({
      where: { id: job.id },
      data: { status: "QUEUED", stage: "QUEUED", progress: 0, lockedBy: null, attempts: { decrement: 1 }, error: message },
    });
    return;
  }
  const permanent = error instanceof ParseError || job.attempts >= deps.config.INGEST_MAX_ATTEMPTS;
  if (!permanent) {
    await db.ingestionJob.update({
      where: { id: job.id },
      data: { status: "QUEUED", stage: "QUEUED", progress: 0, lockedBy: null, error: `Attempt ${job.attempts} failed: ${message}` },
    });
    if (job.kind === "INDEX") await db.document.updateMany({ where: { id: documentId }, data: { status: "QUEUED" } });
    return;
  }
  const reason = error instanceof ParseError ? message : `Indexing failed after ${job.attempts} attempts: ${message}`;
  if (job.kind === "INDEX") {
    const errorCode = error instanceof ParseError ? error.code : "indexing_failed";
    await store.deleteDocument("course", documentId).catch(() => {});
    await db.document.updateMany({ where: { id: documentId }, data: { status: "FAILED", error: reason, errorCode, chunkCount: 0, vectorKey: null } });
  }
  await db.ingestionJob.update({
    where: { id: job.id },
    data: { status: "FAILED", error: reason, finishedAt: new Date(), lockedBy: null },
  });
}
