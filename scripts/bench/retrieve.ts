import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { LanceDbStore } from "@/lib/vector/lancedb";
import { documentPayload } from "@/lib/vector/payload";
import { pointId } from "@/lib/vector/point-id";
import type { Passage, VectorSpace } from "@/lib/vector/types";
import { ms, percentile } from "./stats";

// Retrieval latency in LanceDB at 10k and 100k passages: random unit vectors (latency does not
// depend on what they mean) and text drawn from a Russian vocabulary so the full-text index works.
// A retrieval asks each collection twice, by words and by vector, at once; the last column is what
// that costs against the vector query alone.
const SPACE: VectorSpace = { key: "bench384", dimension: 384 };
const QUERIES = 200;
const WARMUP = 20;
const BATCH = 5000;
const WORDS = (
  "переменная функция цикл список словарь строка число модуль класс объект метод исключение файл поток процесс " +
  "память указатель ядро система вероятность событие распределение выборка дисперсия ожидание теорема лекция " +
  "задание экзамен оценка семинар источник страница раздел глава пример задача решение ответ вопрос курс студент"
).split(" ");

let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const unitVector = () => {
  const v = Array.from({ length: SPACE.dimension }, () => random() - 0.5);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
};
const sentence = (words: number) => Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)]).join(" ");
const courses = ["course-1", "course-2", "course-3", "course-4"];

function passages(offset: number, count: number): Passage[] {
  return Array.from({ length: count }, (_, i) => {
    const position = offset + i;
    return {
      id: pointId("bench", position),
      payload: documentPayload({
        courseId: courses[position % courses.length],
        documentId: `doc-${Math.floor(position / 200)}`,
        title: "Документ",
        page: 1 + (position % 200),
        section: null,
        position,
        text: sentence(60),
      }),
    };
  });
}

const timed = async (run: () => Promise<unknown>) => {
  const started = performance.now();
  await run();
  return performance.now() - started;
};

async function measure(size: number): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), "bench-lancedb-"));
  const store = await LanceDbStore.open(dir);
  try {
    await store.ensurePassages();
    await store.ensureSpace(SPACE);
    const started = performance.now();
    for (let offset = 0; offset < size; offset += BATCH) {
      const batch = passages(offset, Math.min(BATCH, size - offset));
      await store.upsertPassages("course", batch);
      await store.upsertVectors("course", SPACE, batch.map((passage) => ({ ...passage, vector: unitVector() })));
    }
    const loadS = (performance.now() - started) / 1000;

    const latencies = { lexical: [] as number[], dense: [] as number[], both: [] as number[] };
    for (let i = 0; i < WARMUP + QUERIES; i++) {
      const courseId = courses[i % courses.length];
      const lexical = () => store.lexicalSearch("course", { text: sentence(4), courseId, limit: 6 });
      const dense = () => store.denseSearch("course", SPACE, { vector: unitVector(), courseId, limit: 6 });
      const runs = [
        ["lexical", lexical],
        ["dense", dense],
        ["both", () => Promise.all([lexical(), dense()])],
      ] as const;
      // Rotated so that no kind of query always runs first, on a colder cache.
      for (let j = 0; j < runs.length; j++) {
        const [kind, run] = runs[(i + j) % runs.length];
        const elapsed = await timed(run);
        if (i >= WARMUP) latencies[kind].push(elapsed);
      }
    }
    const p = (samples: number[], at: number) => percentile(samples, at);
    const figures = (samples: number[]) => `p50 ${ms(p(samples, 50))}, p95 ${ms(p(samples, 95))}`;
    const ratio = (at: number) => (p(latencies.both, at) / p(latencies.dense, at)).toFixed(2);
    console.log(
      `${String(size).padStart(7)} passages | load ${loadS.toFixed(1)} s | lexical ${figures(latencies.lexical)} | ` +
        `dense ${figures(latencies.dense)} | both ${figures(latencies.both)} | both ÷ dense p50 ${ratio(50)}×, p95 ${ratio(95)}× ` +
        `(${QUERIES} queries each)`,
    );
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

for (const size of [10_000, 100_000]) await measure(size);
