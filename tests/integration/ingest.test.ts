import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseConfig, type Config } from "@/lib/config/load";
import { createPrismaClient } from "@/lib/db/client";
import { createEmbedder } from "@/lib/embeddings";
import { MAX_ATTEMPTS, type IngestDeps } from "@/lib/rag/ingest/ingest-document";
import { enqueueDocument } from "@/lib/rag/ingest/queue";
import { removeDocument } from "@/lib/rag/ingest/remove-document";
import { startIngestionWorker, type IngestionWorker } from "@/lib/rag/ingest/worker";
import { indexQaEntry, removeQaEntry } from "@/lib/rag/qa-index";
import { retrieve } from "@/lib/rag/retrieve";
import { closedPort } from "../support/http-stub";
import { queueUpload, startKnowledgeBase, waitForIngestion, type KnowledgeBase } from "../support/ingestion";

const CORPUS = path.resolve("../shared/corpus/ru-course");
const db = createPrismaClient(inject("databaseUrl"));
let knowledgeBase: KnowledgeBase;
let config: Config;
let deps: IngestDeps;
let worker: IngestionWorker;
let courseId: string;

async function upload(fileName: string, bytes: Buffer, title = fileName) {
  const id = await queueUpload(db, config, courseId, fileName, bytes, title);
  worker.wake();
  return id;
}

const settled = (documentIds: string[]) => waitForIngestion(db, documentIds);
const ask = (query: string) => retrieve(deps, { courseId, query, k: 5, minScore: config.RETRIEVAL_MIN_SCORE });

beforeAll(async () => {
  knowledgeBase = await startKnowledgeBase(db, { UPLOAD_MAX_PAGES: "40" });
  ({ config, deps } = knowledgeBase);
  courseId = (await db.course.create({ data: { slug: `ingest-${Date.now()}`, title: "Операционные системы" } })).id;
  worker = startIngestionWorker(deps, { pollMs: 100, log: () => {} });
});

afterAll(async () => {
  await worker?.stop();
  await knowledgeBase?.close();
  await db.$disconnect();
});

describe("ingestion of the real Russian corpus through the real sidecar into LanceDB", () => {
  let pdfId: string;
  let markdownId: string;

  it("parses, chunks, embeds and indexes a PDF and a Markdown file, recording progress", async () => {
    pdfId = await upload("opsys-OS.pdf", await readFile(path.join(CORPUS, "opsys-OS.pdf")), "Операционные системы, лекции");
    markdownId = await upload("history-lecture-8.md", await readFile(path.join(CORPUS, "history-lecture-8.md")), "История, лекция 8");
    const documents = await settled([pdfId, markdownId]);
    for (const id of [pdfId, markdownId]) {
      const document = documents.get(id)!;
      expect(document).toMatchObject({ status: "READY", error: null });
      expect(document.chunkCount).toBeGreaterThan(5);
      expect(await deps.store.count("course", { documentId: id })).toBe(document.chunkCount);
      const [job] = await db.ingestionJob.findMany({ where: { documentId: id } });
      expect(job).toMatchObject({ status: "SUCCEEDED", stage: "DONE", progress: 100, attempts: 1, lockedBy: null });
    }
    expect(documents.get(pdfId)!.pageCount).toBe(29);
  });

  it("retrieves the right document and page, or section, for a question in the document's own terms", async () => {
    const [first] = await ask("Какая часть кода операционной системы называется ядром?");
    expect(first).toMatchObject({ source: "course", documentId: pdfId, page: 7, title: "Операционные системы, лекции" });
    expect(first.snippet.length).toBeGreaterThan(20);
    const [camp] = await ask("Где Тушинский вор разбил лагерь с казаками?");
    expect(camp).toMatchObject({ documentId: markdownId, page: null, section: "Лекция 8 › Лжедмитрий II" });
  });

  it("re-ingesting replaces the points instead of duplicating them", async () => {
    const before = await deps.store.count("course", { documentId: pdfId });
    await enqueueDocument(db, pdfId);
    worker.wake();
    const documents = await settled([pdfId]);
    expect(documents.get(pdfId)!.chunkCount).toBe(before);
    expect(await deps.store.count("course", { documentId: pdfId })).toBe(before);
  });

  it("fails a broken file with a readable reason, leaves no points, and lets the rest of the batch through", async () => {
    const pdf = await readFile(path.join(CORPUS, "opsys-OS.pdf"));
    const truncated = pdf.subarray(0, Math.floor(pdf.byteLength * 0.3));
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
    const broken = await upload("lecture-truncated.pdf", truncated);
    const lying = await upload("slides.pdf", Buffer.concat([png, Buffer.alloc(64)]));
    const empty = await upload("notes.md", Buffer.alloc(0));
    const good = await upload("rust-ownership.md", await readFile(path.join(CORPUS, "rustbook-ch04-01-what-is-ownership.md")));
    const documents = await settled([broken, lying, empty, good]);
    for (const id of [broken, lying, empty]) {
      const document = documents.get(id)!;
      expect(document.status).toBe("FAILED");
      expect(document.error).toMatch(/^[A-ZА-Я].{10,}/);
      expect(document.error).not.toMatch(/\n\s+at |undefined/);
      expect(await deps.store.count("course", { documentId: id })).toBe(0);
      const [job] = await db.ingestionJob.findMany({ where: { documentId: id } });
      expect(job.status).toBe("FAILED");
      expect(job.attempts).toBe(1);
    }
    expect(documents.get(lying)!.error).toContain("PNG");
    expect([broken, lying, empty].map((id) => documents.get(id)!.errorCode)).toEqual(["corrupt_file", "content_mismatch", "empty_file"]);
    expect(documents.get(good)!).toMatchObject({ status: "READY", errorCode: null });
  });

  it("restarts a job whose worker died mid-way", async () => {
    const id = await upload("hfnlp.md", await readFile(path.join(CORPUS, "hfnlp-chapter1-1.md")));
    await settled([id]);
    // A job locked by a worker that stopped sending heartbeats three minutes ago.
    const orphan = await db.ingestionJob.create({
      data: { documentId: id, status: "RUNNING", stage: "EMBEDDING", progress: 40, lockedBy: "dead-worker", lockedAt: new Date(Date.now() - 180_000), attempts: 1 },
    });
    await db.document.update({ where: { id }, data: { status: "PROCESSING" } });
    worker.wake();
    await settled([id]);
    const job = await db.ingestionJob.findUniqueOrThrow({ where: { id: orphan.id } });
    expect(job).toMatchObject({ status: "SUCCEEDED", progress: 100, attempts: 2 });
    expect((await db.document.findUniqueOrThrow({ where: { id } })).status).toBe("READY");
  });

  it("deleting a document removes its points, its row and its file", async () => {
    const id = await upload("lecture-9.md", await readFile(path.join(CORPUS, "history-lecture-9.md")));
    await settled([id]);
    const { storagePath } = await db.document.findUniqueOrThrow({ where: { id } });
    expect(await deps.store.count("course", { documentId: id })).toBeGreaterThan(0);
    expect(await removeDocument(deps, id)).toBe(true);
    expect(await deps.store.count("course", { documentId: id })).toBe(0);
    expect(await db.document.findUnique({ where: { id } })).toBeNull();
    await expect(readFile(storagePath)).rejects.toThrow(/ENOENT/);
    expect(await removeDocument(deps, id)).toBe(false);
  });

  it("indexes FAQ entries when created or edited and removes them when deleted", async () => {
    const entry = await db.qaEntry.create({
      data: { kind: "FAQ", courseId, question: "Когда экзамен по операционным системам?", answer: "Экзамен 20 января в аудитории 301." },
    });
    await indexQaEntry(deps, entry.id);
    expect(await deps.store.count("faq", { entryId: entry.id })).toBe(1);
    const hits = await ask("Когда экзамен по операционным системам?");
    expect(hits[0]).toMatchObject({ source: "faq", entryId: entry.id, title: entry.question });

    await db.qaEntry.update({ where: { id: entry.id }, data: { answer: "Экзамен перенесён на 27 января." } });
    await indexQaEntry(deps, entry.id);
    expect(await deps.store.count("faq", { entryId: entry.id })).toBe(1);
    expect((await ask("Когда экзамен по операционным системам?"))[0].text).toContain("27 января");

    await removeQaEntry(deps, "FAQ", entry.id);
    expect(await deps.store.count("faq", { entryId: entry.id })).toBe(0);
  });

  it("gives up after repeated embedder failures with the reason, keeping nothing", async () => {
    const downConfig = parseConfig({ DATA_DIR: config.paths.data, EMBEDDINGS_URL: `http://127.0.0.1:${await closedPort()}` });
    const downDeps = { ...deps, embed: createEmbedder(downConfig).embed };
    await worker.stop();
    worker = startIngestionWorker(downDeps, { pollMs: 50, log: () => {} });
    const file = path.join(config.paths.data, "short.md");
    await writeFile(file, "# Заметка\n\nКороткий текст о процессах.");
    const id = await upload("short.md", await readFile(file));
    const document = (await settled([id])).get(id)!;
    expect(document.status).toBe("FAILED");
    expect(document.error).toMatch(new RegExp(`^Indexing failed after ${MAX_ATTEMPTS} attempts: `));
    expect(await deps.store.count("course", { documentId: id })).toBe(0);
    await worker.stop();
    worker = startIngestionWorker(deps, { pollMs: 100, log: () => {} });
  });
});

describe("ingestion worker with the embedder down", () => {
  it("leaves jobs queued instead of failing them while it cannot work", async () => {
    const idle = startIngestionWorker(deps, { pollMs: 20, canWork: async () => false, log: () => {} });
    const other = await db.course.create({ data: { slug: `idle-${Date.now()}`, title: "Ожидание" } });
    const document = await db.document.create({
      data: { courseId: other.id, fileName: "wait.md", title: "wait", type: "MARKDOWN", mimeType: "text/markdown", sizeBytes: 1, checksum: "wait", storagePath: "/nonexistent" },
    });
    await worker.stop();
    await enqueueDocument(db, document.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await idle.stop();
    const [job] = await db.ingestionJob.findMany({ where: { documentId: document.id } });
    expect(job).toMatchObject({ status: "QUEUED", attempts: 0 });
    await db.document.delete({ where: { id: document.id } });
    worker = startIngestionWorker(deps, { pollMs: 100, log: () => {} });
  });
});
