import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseConfig, type Config } from "@/lib/config/load";
import { fileTypeOf } from "@/lib/documents/file-types";
import { sha256, storeCourseFile } from "@/lib/documents/storage";
import { createEmbedder } from "@/lib/embeddings";
import type { Document, PrismaClient } from "@/lib/generated/prisma/client";
import type { IngestDeps } from "@/lib/rag/ingest/ingest-document";
import { enqueueDocument } from "@/lib/rag/ingest/queue";
import { parseDocument } from "@/lib/rag/parse";
import { ragServicesOf } from "@/lib/rag/services";
import { LanceDbStore } from "@/lib/vector/lancedb";
import { startSidecar } from "../../gpu-sidecar/test/sidecar-process";
import { startRetrievalSidecar } from "./embedding-sidecar";

async function startSidecarOn(modelDir: string) {
  const sidecar = await startSidecar(modelDir);
  await sidecar.waitReady();
  return { url: sidecar.url, close: async () => void (await sidecar.stop()) };
}

export type KnowledgeBase = {
  config: Config;
  deps: IngestDeps;
  sidecarUrl: string;
  close: () => Promise<void>;
};

/**
 * The knowledge base's real parts in a fresh data directory: the sidecar process (on the static
 * fixture model unless another model directory is given), LanceDB, the parser and the given
 * database. Workers are the caller's to start.
 */
export async function startKnowledgeBase(db: PrismaClient, env: Record<string, string> = {}, modelDir?: string): Promise<KnowledgeBase> {
  const sidecar = modelDir ? await startSidecarOn(modelDir) : await startRetrievalSidecar();
  const dataDir = await mkdtemp(path.join(tmpdir(), "knowledge-base-"));
  const config = parseConfig({ DATA_DIR: dataDir, EMBEDDINGS_URL: sidecar.url, ...env });
  const store = await LanceDbStore.open(config.paths.lancedb);
  return {
    config,
    deps: { ...ragServicesOf(config, db, store, createEmbedder(config).embed), parse: parseDocument },
    sidecarUrl: sidecar.url,
    close: async () => {
      await store.close();
      await sidecar.close();
    },
  };
}

/** Stores a file as an upload of the course and queues it, as the admin upload does; returns the document id. */
export async function queueUpload(db: PrismaClient, config: Config, courseId: string, fileName: string, bytes: Buffer, title = fileName): Promise<string> {
  const checksum = sha256(bytes);
  const storagePath = await storeCourseFile(config.paths.uploads, courseId, checksum, path.extname(fileName), bytes);
  const type = fileTypeOf(fileName) ?? { type: "TEXT" as const, mimeType: "application/octet-stream" };
  const document = await db.document.create({
    data: { courseId, fileName, title, ...type, sizeBytes: bytes.byteLength, checksum, storagePath },
  });
  await enqueueDocument(db, document.id);
  return document.id;
}

/** Waits until the documents are READY or FAILED with no job left to run; returns them by id. */
export async function waitForIngestion(db: PrismaClient, documentIds: string[], timeoutMs = 90_000): Promise<Map<string, Document>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const documents = await db.document.findMany({ where: { id: { in: documentIds } } });
    const jobs = await db.ingestionJob.count({ where: { documentId: { in: documentIds }, status: { in: ["QUEUED", "RUNNING"] } } });
    if (jobs === 0 && documents.every((d) => d.status === "READY" || d.status === "FAILED")) {
      return new Map(documents.map((d) => [d.id, d]));
    }
    if (Date.now() > deadline) throw new Error(`ingestion did not settle: ${JSON.stringify(documents.map((d) => d.status))}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until the documents have vectors of the embedder's current space (the worker's VECTORS jobs). */
export async function waitForVectors(deps: Pick<IngestDeps, "db" | "spaces">, documentIds: string[], timeoutMs = 90_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    deps.spaces.invalidate();
    const space = await deps.spaces.current();
    const documents = await deps.db.document.findMany({ where: { id: { in: documentIds } }, select: { vectorKey: true } });
    if (space && documents.every((d) => d.vectorKey === space.key)) return space.key;
    if (Date.now() > deadline) throw new Error(`vectors were not added: ${JSON.stringify(documents)} (space ${space?.key})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
