import { parseArgs } from "node:util";
import { applyMigrations } from "@/lib/db/migrations";
import { createPrismaClient } from "@/lib/db/client";
import { chunkDocument } from "@/lib/rag/chunk";
import { EMBED_BATCH, EMBED_CONCURRENCY, embedInBatches, embeddingText } from "@/lib/rag/ingest/embed-in-batches";
import { enqueueDocument } from "@/lib/rag/ingest/queue";
import { startIngestionWorker } from "@/lib/rag/ingest/worker";
import { dropDatabase, recreateDatabase } from "@/tests/support/databases";
import { queueUpload, startKnowledgeBase } from "@/tests/support/ingestion";
import { minimalPdf } from "@/tests/support/pdf";
import { ensureBenchModel } from "../../gpu-sidecar/bench/model";
import { median } from "./stats";

// End-to-end ingestion of a 200-page Russian PDF (queue → worker → parse → chunk → embed through
// the real sidecar process → LanceDB → PostgreSQL progress) against the sidecar's own throughput on
// the same chunks, embedded through the same client in the same batches.
const PAGES = 200;
const LINES_PER_PAGE = 42;
const LINE_CHARS = 80;
const RUNS = 5;
const DATABASE = "course_assistant_bench_ingest";

const WORDS = (
  "процесс поток ядро память страница таблица указатель прерывание планировщик очередь семафор мьютекс файл каталог " +
  "система устройство драйвер буфер запрос ответ сеть протокол пакет адрес маршрут задача решение пример лекция глава " +
  "раздел определение теорема доказательство функция переменная значение список словарь строка число модуль класс " +
  "объект метод исключение вероятность событие распределение выборка дисперсия ожидание студент курс экзамен оценка"
).split(" ");

let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = () => WORDS[Math.floor(random() * WORDS.length)];

function sentence(): string {
  const words = Array.from({ length: 8 + Math.floor(random() * 10) }, pick);
  return `${words[0][0].toUpperCase()}${words.join(" ").slice(1)}.`;
}

/** Pages of wrapped paragraphs; an empty line between paragraphs makes the gap the parser reads as a break. */
function russianPages(): string[][] {
  return Array.from({ length: PAGES }, () => {
    const lines: string[] = [];
    while (lines.length < LINES_PER_PAGE) {
      let line = "";
      for (const word of Array.from({ length: 4 + Math.floor(random() * 4) }, sentence).join(" ").split(" ")) {
        if (line && line.length + word.length + 1 > LINE_CHARS) {
          lines.push(line);
          line = word;
        } else line = line ? `${line} ${word}` : word;
      }
      lines.push(line, "");
    }
    return lines.slice(0, LINES_PER_PAGE);
  });
}

const rate = (chunks: number, ms: number) => (chunks * 1000) / ms;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

// `--model minilm`: a random-weight encoder of all-MiniLM-L6-v2's size (the sidecar bench's), whose
// cost per passage is a real model's; by default the static fixture, which costs next to nothing.
const { values: options } = parseArgs({ options: { model: { type: "string", default: "fixture" } } });
if (options.model !== "fixture" && options.model !== "minilm") throw new Error(`--model must be fixture or minilm (got ${options.model})`);
const modelDir = options.model === "minilm" ? await ensureBenchModel() : undefined;

const databaseUrl = await recreateDatabase(DATABASE);
await applyMigrations(databaseUrl);
const db = createPrismaClient(databaseUrl);
const knowledgeBase = await startKnowledgeBase(db, {}, modelDir);
const { config, deps } = knowledgeBase;
const model = ((await (await fetch(`${knowledgeBase.sidecarUrl}/info`)).json()) as { model_id: string }).model_id;

// Where the pipeline's time goes: wall time inside the parser and the vector store's writes.
const spent = { parse: 0, store: 0 };
function timed<A extends unknown[], R>(stage: keyof typeof spent, call: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    const started = performance.now();
    try {
      return await call(...args);
    } finally {
      spent[stage] += performance.now() - started;
    }
  };
}
const store = deps.store;
const worker = startIngestionWorker(
  {
    ...deps,
    parse: timed("parse", deps.parse),
    store: Object.assign(Object.create(store) as typeof store, {
      upsertPassages: timed("store", store.upsertPassages.bind(store)),
      upsertVectors: timed("store", store.upsertVectors.bind(store)),
      deleteDocument: timed("store", store.deleteDocument.bind(store)),
      ensurePassages: timed("store", store.ensurePassages.bind(store)),
      ensureSpace: timed("store", store.ensureSpace.bind(store)),
    }),
  },
  { pollMs: 50, log: console.error },
);

try {
  const course = await db.course.create({ data: { slug: "bench", title: "Бенчмарк" } });
  const pdf = minimalPdf(russianPages());
  const documentId = await queueUpload(db, config, course.id, "bench-200-pages.pdf", pdf, "Операционные системы, 200 страниц");
  const document = await db.document.findUniqueOrThrow({ where: { id: documentId } });
  // The chunks the pipeline will make, for the raw run.
  const parsed = await deps.parse(document.storagePath, document.fileName, { maxBytes: 1e9, maxPages: PAGES });
  const texts = chunkDocument(parsed).map((chunk) => embeddingText(document.title, chunk));

  // The whole pipeline: parse, chunk, passages, then the model's vectors, in one INDEX job.
  async function ingestOnce(): Promise<number> {
    const started = performance.now();
    const jobId = await enqueueDocument(db, documentId);
    worker.wake();
    for (;;) {
      const job = await db.ingestionJob.findUniqueOrThrow({ where: { id: jobId } });
      if (job.status === "FAILED") throw new Error(`ingestion failed: ${job.error}`);
      if (job.status === "SUCCEEDED") {
        const { vectorKey } = await db.document.findUniqueOrThrow({ where: { id: documentId } });
        if (vectorKey === null) throw new Error("the pipeline indexed the document without its vectors");
        return performance.now() - started;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async function embedOnce(): Promise<number> {
    const started = performance.now();
    await embedInBatches(deps.embed, texts, () => {});
    return performance.now() - started;
  }

  // Warm-up: the first ingestion (queued above) and one raw pass.
  await ingestOnce();
  await embedOnce();
  // Each run pairs the two back to back, alternating which goes first, so a busy machine weighs on both alike.
  const runs: { raw: number; pipeline: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    const pair = { raw: 0, pipeline: 0 };
    spent.parse = spent.store = 0;
    for (const side of run % 2 === 0 ? (["raw", "pipeline"] as const) : (["pipeline", "raw"] as const)) {
      pair[side] = side === "raw" ? await embedOnce() : await ingestOnce();
    }
    runs.push(pair);
    console.log(
      `  run ${run + 1}: raw ${seconds(pair.raw)}, pipeline ${seconds(pair.pipeline)} ` +
        `(in the parser ${seconds(spent.parse)}, in vector store writes ${seconds(spent.store)})`,
    );
  }
  const chunks = (await db.document.findUniqueOrThrow({ where: { id: documentId } })).chunkCount;
  if (chunks !== texts.length) throw new Error(`the pipeline made ${chunks} chunks, the raw run embedded ${texts.length}`);
  const pipelineMs = median(runs.map((r) => r.pipeline));
  const rawMs = median(runs.map((r) => r.raw));
  const ratio = median(runs.map((r) => r.raw / r.pipeline));
  console.log(`Embedding model: ${model}${model.startsWith("fixture/") ? " (the static test fixture, not a real embedding model)" : ""}`);
  console.log(
    `Document: ${PAGES}-page Russian PDF (${(pdf.byteLength / 1024).toFixed(0)} KB), ${chunks} chunks; ` +
      `batches of ${EMBED_BATCH}, ${EMBED_CONCURRENCY} requests in flight; medians of ${RUNS} runs`,
  );
  console.log(`Ingestion pipeline: ${rate(chunks, pipelineMs).toFixed(0)} chunks/s (${seconds(pipelineMs)})`);
  console.log(`Raw sidecar:        ${rate(chunks, rawMs).toFixed(0)} chunks/s (${seconds(rawMs)})`);
  console.log(`Ratio:              ${(100 * ratio).toFixed(0)} % of raw, median of the runs' ratios (target ≥ 70 %)`);
} finally {
  await worker.stop();
  await knowledgeBase.close();
  await db.$disconnect();
  await dropDatabase(DATABASE);
}
