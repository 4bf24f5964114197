import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseConfig, type Config } from "@/lib/config/load";
import { createPrismaClient } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrations";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createEmbedder } from "@/lib/embeddings";
import type { IngestDeps, ParseFile } from "@/lib/rag/ingest/ingest-document";
import { claimJob, type ClaimedJob } from "@/lib/rag/ingest/queue";
import { startIngestionWorker, type IngestionWorker } from "@/lib/rag/ingest/worker";
import { parseDocument } from "@/lib/rag/parse";
import { isolatedParser } from "@/lib/rag/parse/isolated";
import { ragServicesOf } from "@/lib/rag/services";
import { LanceDbStore } from "@/lib/vector/lancedb";
import { pointId } from "@/lib/vector/point-id";
import { dropDatabase, recreateDatabase } from "../../support/databases";
import { closedPort } from "../../support/http-stub";
import { queueUpload, waitForIngestion } from "../../support/ingestion";

// Issue 14, finding 8: a job is claimed at most INGEST_MAX_ATTEMPTS times, by one worker at a
// time, and a file's parse runs in a thread with a time and a memory cap. Real PostgreSQL and
// LanceDB; no embedder (documents are indexed by their words), so nothing here needs a model.
// A database of its own: a worker here claims every queued job, and other files queue theirs.
const DATABASE = "course_assistant_ingest_limits";
let url: string;
let db: PrismaClient;
const HOSTILE = new URL("../../support/hostile-parse-thread.ts", import.meta.url);
const NOTES = Buffer.from("# Планировщик\n\nПланировщик процессов выбирает следующий процесс для исполнения.");
let config: Config;
let base: Omit<IngestDeps, "parse">;
let store: LanceDbStore;
let courseId: string;
let worker: IngestionWorker | undefined;

beforeAll(async () => {
  url = await recreateDatabase(DATABASE);
  await applyMigrations(url);
  db = createPrismaClient(url);
  const dataDir = await mkdtemp(path.join(tmpdir(), "ingest-limits-"));
  config = parseConfig({
    DATA_DIR: dataDir,
    EMBEDDINGS_URL: `http://127.0.0.1:${await closedPort()}`,
    // Not the default (3), so the tests show the setting is what counts.
    INGEST_MAX_ATTEMPTS: "2",
  });
  store = await LanceDbStore.open(config.paths.lancedb);
  base = ragServicesOf(config, db, store, createEmbedder(config).embed);
  courseId = (await db.course.create({ data: { slug: `ingest-limits-${Date.now()}`, title: "Ingestion limits" } })).id;
});

afterEach(async () => {
  await worker?.stop();
  worker = undefined;
});

afterAll(async () => {
  await store?.close();
  await db?.$disconnect();
  await dropDatabase(DATABASE);
});

function start(parse: ParseFile, staleAfterMs?: number) {
  worker = startIngestionWorker({ ...base, parse }, { pollMs: 50, staleAfterMs, log: () => {} });
}

async function upload(fileName: string, bytes: Buffer = NOTES) {
  const id = await queueUpload(db, config, courseId, fileName, Buffer.concat([bytes, Buffer.from(`\n\n${fileName}`)]));
  worker?.wake();
  return id;
}

describe("ingestion jobs: attempts and claims", () => {
  it("attempts a job that always fails exactly INGEST_MAX_ATTEMPTS times, then fails its document and never picks it again", async () => {
    let calls = 0;
    start(async () => {
      calls++;
      throw new Error("parser crashed");
    });
    const id = await upload("always-fails.md");
    const document = (await waitForIngestion(db, [id])).get(id)!;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(calls).toBe(2);
    expect(document).toMatchObject({ status: "FAILED", errorCode: "indexing_failed", chunkCount: 0 });
    expect(document.error).toMatch(/^Indexing failed after 2 attempts: parser crashed/);
    const jobs = await db.ingestionJob.findMany({ where: { documentId: id } });
    expect(jobs).toMatchObject([{ status: "FAILED", attempts: 2, lockedBy: null }]);
  });

  it("retries a job whose worker died, and fails one whose worker died on its last attempt without running it again", async () => {
    const retried = await upload("worker-died-once.md");
    const exhausted = await upload("worker-died-twice.md");
    // What a killed worker leaves: the job RUNNING under its lock, which no heartbeat renews.
    const died = (documentId: string, attempts: number) =>
      db.ingestionJob.updateMany({
        where: { documentId },
        data: { status: "RUNNING", stage: "PARSING", lockedBy: "dead-host:1:0", lockedAt: new Date(Date.now() - 60_000), attempts },
      });
    await died(retried, 1);
    await died(exhausted, 2);
    await db.document.updateMany({ where: { id: { in: [retried, exhausted] } }, data: { status: "PROCESSING" } });
    await store.ensurePassages();
    await store.upsertPassages("course", [
      { id: pointId(exhausted, 0), payload: { courseId, documentId: exhausted, entryId: null, title: "half-written", page: null, section: null, position: 0, text: "half-written" } },
    ]);

    const parsed: string[] = [];
    start(async (filePath, fileName, limits) => {
      parsed.push(fileName);
      return parseDocument(filePath, fileName, limits);
    }, 1_000);
    const documents = await waitForIngestion(db, [retried, exhausted]);
    expect(parsed).toEqual(["worker-died-once.md"]);
    expect(documents.get(retried)).toMatchObject({ status: "READY", error: null });
    expect(await db.ingestionJob.findFirst({ where: { documentId: retried } })).toMatchObject({ status: "SUCCEEDED", attempts: 2 });
    expect(documents.get(exhausted)).toMatchObject({ status: "FAILED", errorCode: "indexing_failed", chunkCount: 0 });
    expect(documents.get(exhausted)!.error).toMatch(/^Indexing failed after 2 attempts: the worker processing the file stopped/);
    expect(await db.ingestionJob.findFirst({ where: { documentId: exhausted } })).toMatchObject({ status: "FAILED", attempts: 2, lockedBy: null });
    expect(await store.count("course", { documentId: exhausted })).toBe(0);
  });

  it("never gives one job to two workers claiming at the same time", async () => {
    const other = createPrismaClient(url);
    try {
      const documents = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          db.document.create({
            data: { courseId, fileName: `c${i}.md`, title: `c${i}`, type: "MARKDOWN", mimeType: "text/markdown", sizeBytes: 1, checksum: `claim-${i}`, storagePath: "/nowhere" },
          }),
        ),
      );
      const jobIds = new Set(
        (await Promise.all(documents.map((d) => db.ingestionJob.create({ data: { documentId: d.id } })))).map((job) => job.id),
      );
      const claimer = async (client: typeof db, workerId: string) => {
        const claimed: ClaimedJob[] = [];
        for (;;) {
          const job = await claimJob(client, { workerId, staleAfterMs: 120_000, maxAttempts: 2, withVectors: true });
          if (!job) return claimed;
          claimed.push(job);
        }
      };
      const claims = (await Promise.all([claimer(db, "a"), claimer(other, "b"), claimer(db, "c"), claimer(other, "d")])).flat();
      const ids = claims.map((job) => job.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(ids)).toEqual(jobIds);
      expect(claims.every((job) => job.attempts === 1)).toBe(true);
      await db.document.deleteMany({ where: { id: { in: documents.map((d) => d.id) } } });
    } finally {
      await other.$disconnect();
    }
  });
});

describe("parsing in a thread with a time and a memory cap", () => {
  it("stops a parse that runs past PARSE_TIMEOUT_S, fails the document with that reason, and goes on with the next file", async () => {
    start(isolatedParser({ timeoutS: 1, memoryMb: config.PARSE_MEMORY_MB }, HOSTILE));
    const slow = await upload("slow-lecture.md");
    const failed = (await waitForIngestion(db, [slow])).get(slow)!;
    expect(failed).toMatchObject({ status: "FAILED", errorCode: "parse_timeout" });
    expect(failed.error).toMatch(/^Parsing took longer than 1 s and was stopped; /);
    // A ParseError: the file is at fault, so it is not tried again.
    expect(await db.ingestionJob.findFirst({ where: { documentId: slow } })).toMatchObject({ status: "FAILED", attempts: 1 });

    const next = await upload("next-lecture.md");
    expect((await waitForIngestion(db, [next])).get(next)).toMatchObject({ status: "READY", chunkCount: 1 });
  });

  it("stops a parse that needs more than PARSE_MEMORY_MB, fails the document with that reason, and goes on", async () => {
    start(isolatedParser({ timeoutS: 60, memoryMb: 128 }, HOSTILE));
    const hungry = await upload("hungry-lecture.md");
    const failed = (await waitForIngestion(db, [hungry])).get(hungry)!;
    expect(failed).toMatchObject({ status: "FAILED", errorCode: "parse_memory" });
    expect(failed.error).toMatch(/^Parsing needed more than 128 MB of memory and was stopped; /);

    const next = await upload("after-hungry.md");
    expect((await waitForIngestion(db, [next])).get(next)).toMatchObject({ status: "READY", chunkCount: 1 });
  });

  it("the configured parser reads real files in its thread: a PDF with its pages", async () => {
    const parse = isolatedParser({ timeoutS: config.PARSE_TIMEOUT_S, memoryMb: config.PARSE_MEMORY_MB });
    const file = path.resolve("../shared/corpus/ru-course/opsys-OS.pdf");
    const document = await parse(file, "opsys-OS.pdf", { maxBytes: 50 * 1024 * 1024, maxPages: 100 });
    expect(document.pageCount).toBe(29);
    expect(document.blocks.length).toBeGreaterThan(20);
  });
});
