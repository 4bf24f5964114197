import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseConfig, type Config } from "@/lib/config/load";
import { createPrismaClient } from "@/lib/db/client";
import { createEmbedder } from "@/lib/embeddings";
import type { IngestDeps } from "@/lib/rag/ingest/ingest-document";
import { enqueueDocument } from "@/lib/rag/ingest/queue";
import { removeDocument } from "@/lib/rag/ingest/remove-document";
import { startIngestionWorker, type IngestionWorker } from "@/lib/rag/ingest/worker";
import { indexQaEntry, removeQaEntry } from "@/lib/rag/qa-index";
import { calibrateCourse } from "@/lib/rag/calibration/calibrate";
import type { EmbedTexts } from "@/lib/embeddings/embed-texts";
import { retrieve } from "@/lib/rag/retrieve";
import { ragServicesOf } from "@/lib/rag/services";
import { cleanup, makeModelDir, startSidecar } from "../../gpu-sidecar/test/sidecar-process";
import { closedPort } from "../support/http-stub";
import { queueUpload, startKnowledgeBase, waitForIngestion, waitForVectors, type KnowledgeBase } from "../support/ingestion";

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
const ask = async (query: string) => (await retrieve(deps, { courseId, query, k: 5 })).passages;

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

  it("parses and indexes a PDF and a Markdown file by their words, then adds the model's vectors in the same job", async () => {
    pdfId = await upload("opsys-OS.pdf", await readFile(path.join(CORPUS, "opsys-OS.pdf")), "Операционные системы, лекции");
    markdownId = await upload("history-lecture-8.md", await readFile(path.join(CORPUS, "history-lecture-8.md")), "История, лекция 8");
    const documents = await settled([pdfId, markdownId]);
    const space = await waitForVectors(deps, [pdfId, markdownId]);
    for (const id of [pdfId, markdownId]) {
      const document = documents.get(id)!;
      expect(document).toMatchObject({ status: "READY", error: null });
      expect(document.chunkCount).toBeGreaterThan(5);
      expect(await deps.store.count("course", { documentId: id })).toBe(document.chunkCount);
      expect(await deps.store.count("course", { documentId: id }, { key: space, dimension: 256 })).toBe(document.chunkCount);
      const jobs = await db.ingestionJob.findMany({ where: { documentId: id }, orderBy: { createdAt: "asc" } });
      expect(jobs).toMatchObject([{ kind: "INDEX", status: "SUCCEEDED", stage: "DONE", progress: 100, attempts: 1, lockedBy: null }]);
    }
    expect(documents.get(pdfId)!.pageCount).toBe(29);
  });

  it("retrieves the right document and page, or section, for a question in the document's own terms", async () => {
    const calibration = await calibrateCourse(deps, courseId);
    expect(calibration.dense).not.toBeNull();
    expect((await retrieve(deps, { courseId, query: "ядро операционной системы", k: 5 })).mode).toBe("hybrid");
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

  it("without an embedder, indexes a document by its words at once and adds its vectors once one answers", async () => {
    const downConfig = parseConfig({ DATA_DIR: config.paths.data, EMBEDDINGS_URL: `http://127.0.0.1:${await closedPort()}` });
    const downDeps = { ...ragServicesOf(downConfig, db, deps.store, createEmbedder(downConfig).embed), parse: deps.parse };
    await worker.stop();
    worker = startIngestionWorker(downDeps, { pollMs: 50, log: () => {} });
    const file = path.join(config.paths.data, "short.md");
    await writeFile(file, "# Заметка о планировщике\n\nПланировщик процессов выбирает следующий процесс для исполнения.");
    const id = await upload("short.md", await readFile(file));
    const document = (await settled([id])).get(id)!;
    expect(document).toMatchObject({ status: "READY", vectorKey: null, chunkCount: 1 });
    const lexical = await retrieve(downDeps, { courseId, query: "Что выбирает планировщик процессов для исполнения?", k: 5 });
    expect(lexical.mode).toBe("lexical");
    expect(lexical.passages[0]).toMatchObject({ documentId: id, section: "Заметка о планировщике", similarity: null });
    expect(lexical.passages[0].lexicalScore).toBeGreaterThan(0);
    // No VECTORS job was even queued while no embedder answered.
    expect(await db.ingestionJob.count({ where: { documentId: id, kind: "VECTORS" } })).toBe(0);

    await worker.stop();
    worker = startIngestionWorker(deps, { pollMs: 50, log: () => {} });
    const space = await waitForVectors(deps, [id]);
    expect(await deps.store.count("course", { documentId: id }, { key: space, dimension: 256 })).toBe(1);
    await worker.stop();
    worker = startIngestionWorker(deps, { pollMs: 100, log: () => {} });
  });

  it("gives up on a VECTORS job after repeated failures without touching what students can find", async () => {
    const id = await upload("lecture-3.md", await readFile(path.join(CORPUS, "psychology-lecture-3.md")));
    await settled([id]);
    await waitForVectors(deps, [id]);
    // A model that answers the probe but fails every batch of passages.
    const embed: EmbedTexts = (texts, inputType, options) => (texts.length > 1 ? Promise.reject(new Error("embedder crashed")) : deps.embed(texts, inputType, options));
    const flaky = { ...deps, embed };
    await worker.stop();
    await db.document.update({ where: { id }, data: { vectorKey: null } });
    worker = startIngestionWorker(flaky, { pollMs: 20, log: () => {} });
    for (let i = 0; (await db.ingestionJob.count({ where: { documentId: id, kind: "VECTORS", status: "FAILED" } })) === 0; i++) {
      if (i > 500) throw new Error("the VECTORS job did not fail");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await worker.stop();
    const job = await db.ingestionJob.findFirstOrThrow({ where: { documentId: id, kind: "VECTORS", status: "FAILED" } });
    expect(job.error).toMatch(new RegExp(`^Indexing failed after ${config.INGEST_MAX_ATTEMPTS} attempts: .*embedder crashed`));
    expect(await db.document.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "READY", vectorKey: null });
    expect(await deps.store.count("course", { documentId: id })).toBeGreaterThan(0);
    // A document whose VECTORS job just failed is not queued again at once.
    expect(await db.ingestionJob.count({ where: { documentId: id, kind: "VECTORS", status: "QUEUED" } })).toBe(0);
    worker = startIngestionWorker(deps, { pollMs: 100, log: () => {} });
  });

  it("after a model change, adds the new model's vectors in a space of their own and searches lexically until calibrated", async () => {
    const oldSpace = await waitForVectors(deps, [pdfId, markdownId]);
    const modelDir = await makeModelDir();
    const sidecar = await startSidecar(modelDir);
    await sidecar.waitReady();
    const otherConfig = parseConfig({ DATA_DIR: config.paths.data, EMBEDDINGS_URL: sidecar.url });
    const other = { ...ragServicesOf(otherConfig, db, deps.store, createEmbedder(otherConfig).embed), parse: deps.parse };
    await worker.stop();
    worker = startIngestionWorker(other, { pollMs: 50, log: () => {} });
    try {
      const newSpace = await waitForVectors(other, [pdfId, markdownId]);
      expect(newSpace).not.toBe(oldSpace);
      const { chunkCount } = await db.document.findUniqueOrThrow({ where: { id: pdfId } });
      expect(await deps.store.count("course", { documentId: pdfId }, { key: newSpace, dimension: 32 })).toBe(chunkCount);
      // The old model's floor says nothing about the new one: words alone until it is calibrated.
      expect((await retrieve(other, { courseId, query: "ядро операционной системы", k: 5 })).mode).toBe("lexical");
      await calibrateCourse(other, courseId);
      expect((await retrieve(other, { courseId, query: "ядро операционной системы", k: 5 })).mode).toBe("hybrid");
    } finally {
      await worker.stop();
      await sidecar.stop();
      await cleanup(modelDir);
      worker = startIngestionWorker(deps, { pollMs: 100, log: () => {} });
    }
  });
});
