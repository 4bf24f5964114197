import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrations";
import { seedDemoCourse } from "@/lib/db/seed-demo";
import { startIngestionWorker, type IngestionWorker } from "@/lib/rag/ingest/worker";
import { dropDatabase, recreateDatabase } from "../support/databases";
import { queueUpload, startKnowledgeBase, waitForIngestion, type KnowledgeBase } from "../support/ingestion";
import { runScript } from "../support/scripts";

// A database of its own: the demo course's slug is fixed, and other files seed it in the shared one.
const DATABASE = "course_assistant_test_eval";
const CORPUS = path.resolve("../shared/corpus/ru-course");
let databaseUrl: string;
let db: ReturnType<typeof createPrismaClient>;
let knowledgeBase: KnowledgeBase;
let worker: IngestionWorker;
let dir: string;

const evalCommand = (args: string[]) =>
  runScript("scripts/eval.ts", args, {
    DATABASE_URL: databaseUrl,
    DATA_DIR: knowledgeBase.config.paths.data,
    EMBEDDINGS_URL: knowledgeBase.sidecarUrl,
    RETRIEVAL_MIN_SCORE: String(knowledgeBase.config.RETRIEVAL_MIN_SCORE),
  });

async function evalFile(name: string, lines: (Record<string, unknown> | string)[]): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n"));
  return file;
}

/** The printed table's rows: course → [questions, hit@1, hit@5, MRR]. */
function table(stdout: string): Map<string, number[]> {
  return new Map([...stdout.matchAll(/^(\S+)\s+(\d+) {2}(\d\.\d{3}) {2}(\d\.\d{3}) {2}(\d\.\d{3})$/gm)].map((m) => [m[1], m.slice(2).map(Number)]));
}

beforeAll(async () => {
  databaseUrl = await recreateDatabase(DATABASE);
  await applyMigrations(databaseUrl);
  db = createPrismaClient(databaseUrl);
  knowledgeBase = await startKnowledgeBase(db);
  dir = await mkdtemp(path.join(tmpdir(), "eval-"));
  const { courseId } = await seedDemoCourse(db, knowledgeBase.config);
  const history = await db.course.create({ data: { slug: "history", title: "История России" } });
  await queueUpload(db, knowledgeBase.config, history.id, "history-lecture-8.md", await readFile(path.join(CORPUS, "history-lecture-8.md")), "История, лекция 8");
  worker = startIngestionWorker(knowledgeBase.deps, { pollMs: 50, log: () => {} });
  const documents = await db.document.findMany({ where: { courseId: { in: [courseId, history.id] } } });
  const settled = await waitForIngestion(db, documents.map((d) => d.id));
  expect([...settled.values()].map((d) => d.status)).toEqual(["READY", "READY", "READY"]);
});

afterAll(async () => {
  await worker?.stop();
  await knowledgeBase?.close();
  await db?.$disconnect();
  await dropDatabase(DATABASE);
});

describe("npm run eval", () => {
  it("prints hit@1, hit@5 and MRR overall and per course, and the misses", async () => {
    const file = await evalFile("known.jsonl", [
      // The syllabus's own sentence: its passage ranks first.
      {
        question: "Задание, сданное с опозданием до трёх суток, оценивается с понижающим коэффициентом",
        course: "python-basics",
        expected_document: "01-syllabus.md",
        expected_page_or_section: "Сроки сдачи",
      },
      // The lecture has no such section, so nothing can hit.
      {
        question: "Задание, сданное с опозданием до трёх суток, оценивается с понижающим коэффициентом",
        course: "python-basics",
        expected_document: "Лекция 2. Переменные и типы данных",
        expected_page_or_section: "Несуществующий раздел",
      },
      { question: "Где Тушинский вор разбил лагерь с казаками?", course: "history", expected_document: "История, лекция 8", expected_page_or_section: "Лжедмитрий II" },
    ]);
    const { code, stdout, stderr } = await evalCommand([file, "--k", "5"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("(3 questions)");
    expect(stdout).toContain("fixture/static-xlmr-random-features");
    expect(table(stdout)).toEqual(
      new Map([
        ["history", [1, 1, 1, 1]],
        ["python-basics", [2, 0.5, 0.5, 0.5]],
        ["all", [3, 0.667, 0.667, 0.667]],
      ]),
    );
    expect(stdout).toContain("MRR@5");
    expect(stdout).toMatch(/Misses \(no hit in the top 5\): 1\n {2}line 2 \[python-basics\] .*\n {4}expected Лекция 2\. Переменные и типы данных, section "Несуществующий раздел"; not in the top 5\n {4}retrieved: Программа курса \(/);
  });

  it("runs the shipped demo eval set", async () => {
    const { code, stdout, stderr } = await evalCommand([]);
    // The figures from the static fixture model, recorded in the README; they mean little beyond it.
    console.log(stdout);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const rows = table(stdout);
    expect([...rows.keys()]).toEqual(["python-basics", "all"]);
    expect(rows.get("all")![0]).toBe(24);
  });

  it("refuses a malformed eval set before touching anything, naming each bad line", async () => {
    const file = await evalFile("bad.jsonl", [
      { question: "Что такое переменная?", course: "python-basics", expected_document: "01-syllabus.md", expected_page_or_section: null },
      '{"question": "Что такое переменная?", "course": "python-basics"',
      { question: "Что такое переменная?", course: "python-basics", expected_page_or_section: 3 },
    ]);
    const { code, stdout, stderr } = await runScript("scripts/eval.ts", [file], { DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none" });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/bad\.jsonl:2: not valid JSON/);
    expect(stderr).toContain("bad.jsonl:3: expected_document: is required");
    expect(stderr).not.toMatch(/bad\.jsonl:1:|\n\s+at /);
  });

  it("refuses an unknown course or document instead of counting it as a miss", async () => {
    const file = await evalFile("unknown.jsonl", [
      { question: "Что такое переменная?", course: "python-basics", expected_document: "03-loops.md", expected_page_or_section: null },
      { question: "Что такое переменная?", course: "no-such-course", expected_document: "01-syllabus.md", expected_page_or_section: null },
    ]);
    const { code, stdout, stderr } = await evalCommand([file]);
    expect(code).toBe(1);
    expect(stdout).not.toMatch(/hit@1/);
    expect(stderr).toContain('line 1: course "python-basics" has no document "03-loops.md" (it has: 01-syllabus.md ("Программа курса"), 02-variables-and-types.md');
    expect(stderr).toContain('line 2: no course with the slug "no-such-course"');
  });
});
