import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { LanceDbStore } from "@/lib/vector/lancedb";
import { pointId } from "@/lib/vector/point-id";
import type { VectorPoint } from "@/lib/vector/types";
import { ms, percentile } from "./stats";

// Retrieval latency in LanceDB at 10k and 100k passages: random unit vectors (latency does not
// depend on what they mean) and text drawn from a Russian vocabulary so the full-text half works.
const DIMENSION = 384;
const QUERIES = 200;
const WARMUP = 20;
const WORDS = (
  "переменная функция цикл список словарь строка число модуль класс объект метод исключение файл поток процесс " +
  "память указатель ядро система вероятность событие распределение выборка дисперсия ожидание теорема лекция " +
  "задание экзамен оценка семинар источник страница раздел глава пример задача решение ответ вопрос курс студент"
).split(" ");

let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const unitVector = () => {
  const v = Array.from({ length: DIMENSION }, () => random() - 0.5);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
};
const sentence = (words: number) => Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)]).join(" ");

async function measure(size: number): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), "bench-lancedb-"));
  const store = await LanceDbStore.open(dir);
  try {
    await store.ensureCollections(DIMENSION);
    const courses = ["course-1", "course-2", "course-3", "course-4"];
    const started = performance.now();
    for (let offset = 0; offset < size; offset += 5000) {
      const points: VectorPoint[] = Array.from({ length: Math.min(5000, size - offset) }, (_, i) => {
        const position = offset + i;
        return {
          id: pointId("bench", position),
          vector: unitVector(),
          payload: {
            courseId: courses[position % courses.length],
            documentId: `doc-${Math.floor(position / 200)}`,
            entryId: null,
            title: "Документ",
            page: 1 + (position % 200),
            section: null,
            position,
            text: sentence(60),
          },
        };
      });
      await store.upsert("course", points);
    }
    const loadS = (performance.now() - started) / 1000;
    const latencies: number[] = [];
    for (let i = 0; i < WARMUP + QUERIES; i++) {
      const query = { vector: unitVector(), text: sentence(4), courseId: courses[i % courses.length], limit: 6 };
      const t0 = performance.now();
      await store.search("course", query);
      if (i >= WARMUP) latencies.push(performance.now() - t0);
    }
    console.log(
      `${String(size).padStart(7)} passages | load ${loadS.toFixed(1)} s | hybrid search p50 ${ms(percentile(latencies, 50))}, ` +
        `p95 ${ms(percentile(latencies, 95))}, max ${ms(Math.max(...latencies))} (${QUERIES} queries)`,
    );
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

for (const size of [10_000, 100_000]) await measure(size);
