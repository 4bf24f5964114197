import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config/load";
import { createPrismaClient } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrations";
import { seedDemoCourse } from "@/lib/db/seed-demo";
import { calibrateCourse } from "@/lib/rag/calibration/calibrate";
import { parseEvalSet } from "@/lib/rag/eval/eval-set";
import { startIngestionWorker } from "@/lib/rag/ingest/worker";
import { cleanup } from "../../gpu-sidecar/test/sidecar-process";
import { dropDatabase, recreateDatabase } from "../support/databases";
import { makeRetrievalModelDir, type RetrievalFixture } from "../support/embedding-sidecar";
import { closedPort } from "../support/http-stub";
import { queueUpload, startKnowledgeBase, waitForIngestion, waitForVectors, type KnowledgeBase } from "../support/ingestion";
import { runScript } from "../support/scripts";

const CORPUS = path.resolve("../shared/corpus/ru-course");
const RU_COURSE_SET = path.resolve("eval/ru-course.jsonl");

type Row = Record<string, number>;

/**
 * Every printed table by its heading ("hybrid", "lexical", "all courses, by mode"): row name →
 * column → value ("-", no value, reads as NaN).
 */
function tables(stdout: string): Map<string, Map<string, Row>> {
  const found = new Map<string, Map<string, Row>>();
  for (const block of stdout.split(/^== /m).slice(1)) {
    const [heading, header, ...lines] = block.split("\n");
    const columns = header.trim().split(/\s+/).slice(1);
    const rows = new Map<string, Row>();
    for (const line of lines) {
      if (line.trim() === "") break;
      const [name, ...cells] = line.trim().split(/\s+/);
      rows.set(name, Object.fromEntries(columns.map((column, i) => [column, Number(cells[i])])));
    }
    found.set(heading.slice(0, heading.indexOf(" ==")), rows);
  }
  return found;
}

/** A course's documents are searchable once READY, but hybrid search needs their vectors and a calibrated floor too. */
async function indexAndCalibrate(knowledgeBase: KnowledgeBase, courseIds: string[]): Promise<void> {
  const { db } = knowledgeBase.deps;
  const worker = startIngestionWorker(knowledgeBase.deps, { pollMs: 50, log: () => {} });
  try {
    const documents = await db.document.findMany({ where: { courseId: { in: courseIds } }, select: { id: true } });
    const ids = documents.map((d) => d.id);
    const settled = await waitForIngestion(db, ids, 180_000);
    expect([...settled.values()].filter((d) => d.status !== "READY").map((d) => `${d.fileName}: ${d.error}`)).toEqual([]);
    await waitForVectors(knowledgeBase.deps, ids, 180_000);
  } finally {
    await worker.stop();
  }
  for (const courseId of courseIds) await calibrateCourse(knowledgeBase.deps, courseId);
}

describe("npm run eval", () => {
  // A database of its own: the demo course's slug is fixed, and other files seed it in the shared one.
  const DATABASE = "course_assistant_test_eval";
  let databaseUrl: string;
  let db: ReturnType<typeof createPrismaClient>;
  let knowledgeBase: KnowledgeBase;
  let dir: string;

  const evalCommand = (args: string[], env: Record<string, string> = {}) =>
    runScript("scripts/eval.ts", args, { DATABASE_URL: databaseUrl, DATA_DIR: knowledgeBase.config.paths.data, EMBEDDINGS_URL: knowledgeBase.sidecarUrl, ...env });

  async function evalFile(name: string, lines: (Record<string, unknown> | string)[]): Promise<string> {
    const file = path.join(dir, name);
    await writeFile(file, lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n"));
    return file;
  }

  const known = () =>
    evalFile("known.jsonl", [
      // The syllabus's own sentence: its passage ranks first, by its words and by its vector.
      {
        question: "Задание, сданное с опозданием до трёх суток, оценивается с понижающим коэффициентом",
        course: "python-basics",
        expected_document: "01-syllabus.md",
        expected_page_or_section: "Сроки сдачи",
      },
      // The lecture has no such section, so no passage can be on it.
      {
        question: "Задание, сданное с опозданием до трёх суток, оценивается с понижающим коэффициентом",
        course: "python-basics",
        expected_document: "Лекция 2. Переменные и типы данных",
        expected_page_or_section: "Несуществующий раздел",
      },
      { question: "Где Тушинский вор разбил лагерь с казаками?", course: "history", expected_document: "История, лекция 8", expected_page_or_section: "Лжедмитрий II" },
      { question: "Какой крем для загара взять на море?", course: "history", expected_document: null },
    ]);

  beforeAll(async () => {
    databaseUrl = await recreateDatabase(DATABASE);
    await applyMigrations(databaseUrl);
    db = createPrismaClient(databaseUrl);
    knowledgeBase = await startKnowledgeBase(db);
    dir = await mkdtemp(path.join(tmpdir(), "eval-"));
    const { courseId } = await seedDemoCourse(db, knowledgeBase.config);
    const history = await db.course.create({ data: { slug: "history", title: "История России" } });
    await queueUpload(db, knowledgeBase.config, history.id, "history-lecture-8.md", await readFile(path.join(CORPUS, "history-lecture-8.md")), "История, лекция 8");
    await indexAndCalibrate(knowledgeBase, [courseId, history.id]);
  });

  afterAll(async () => {
    await knowledgeBase?.close();
    await db?.$disconnect();
    await dropDatabase(DATABASE);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("prints, per mode and per course, document and page hits, MRR, abstentions, then the misses", async () => {
    const { code, stdout, stderr } = await evalCommand([await known(), "--k", "5"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("(4 questions: 3 answerable, 1 off-topic)");
    expect(stdout).toContain("fixture/static-xlmr-random-features");
    expect(stdout).not.toContain("ran lexical only");
    const printed = tables(stdout);
    expect([...printed.keys()]).toEqual(["hybrid", "lexical", "all courses, by mode"]);
    for (const mode of ["hybrid", "lexical"]) {
      const rows = printed.get(mode)!;
      expect([...rows.keys()]).toEqual(["history", "python-basics", "all"]);
      expect(rows.get("history")).toMatchObject({ answerable: 1, "page@1": 1, "off-topic": 1 });
      expect(rows.get("python-basics")).toMatchObject({ answerable: 2, "page@1": 0.5, "page@5": 0.5, "off-topic": 0 });
      expect(rows.get("python-basics")!.abstain).toBeNaN();
      expect(rows.get("all")).toMatchObject({ answerable: 3, "page@1": 0.667, "off-topic": 1 });
    }
    expect([...printed.get("all courses, by mode")!.keys()]).toEqual(["hybrid", "lexical"]);
    expect(stdout).toContain("MRR@5");
    expect(stdout).toMatch(
      /Misses \(no hit on the expected page or section in the top 5\): 1\n {2}line 2 \[python-basics\] .*\n {4}expected Лекция 2\. Переменные и типы данных, section "Несуществующий раздел"; not in the top 5/,
    );
  });

  it("runs the shipped demo eval set in one mode when asked", async () => {
    const { code, stdout, stderr } = await evalCommand(["--mode", "hybrid"]);
    console.log(stdout);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const printed = tables(stdout);
    expect([...printed.keys()]).toEqual(["hybrid"]);
    expect([...printed.get("hybrid")!.keys()]).toEqual(["python-basics", "all"]);
    expect(printed.get("hybrid")!.get("all")!.answerable).toBe(24);
  });

  it("measures lexical search without an embedder, and says when hybrid search fell back to it", async () => {
    const { code, stdout, stderr } = await evalCommand([await known()], { EMBEDDINGS_URL: `http://127.0.0.1:${await closedPort()}` });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Embeddings: sidecar at .*, not answering .*: hybrid search will fall back to lexical$/m);
    expect(stdout).toContain("== hybrid == (WARNING: 4 of 4 questions ran lexical only");
    expect(stdout).toMatch(/^== lexical ==$/m);
    expect(tables(stdout).get("lexical")!.get("all")).toMatchObject({ answerable: 3, "page@1": 0.667 });
  });

  it("refuses a malformed eval set or a wrong option before touching anything, naming each bad line", async () => {
    const file = await evalFile("bad.jsonl", [
      { question: "Что такое переменная?", course: "python-basics", expected_document: "01-syllabus.md", expected_page_or_section: null },
      '{"question": "Что такое переменная?", "course": "python-basics"',
      { question: "Что такое переменная?", course: "python-basics", expected_page_or_section: 3 },
      { question: "Какая погода?", course: "python-basics", expected_document: null, expected_page_or_section: 3 },
    ]);
    const nowhere = { DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none" };
    const { code, stdout, stderr } = await runScript("scripts/eval.ts", [file], nowhere);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/bad\.jsonl:2: not valid JSON/);
    expect(stderr).toContain("bad.jsonl:3: expected_document: is required");
    expect(stderr).toContain("bad.jsonl:4: expected_page_or_section: must be null for an off-topic question");
    expect(stderr).not.toMatch(/bad\.jsonl:1:|\n\s+at /);
    const wrongMode = await runScript("scripts/eval.ts", ["--mode", "dense"], nowhere);
    expect(wrongMode.code).toBe(1);
    expect(wrongMode.stderr).toContain("--mode must be hybrid, lexical or both");
  });

  it("refuses an unknown course or document instead of counting it as a miss", async () => {
    const file = await evalFile("unknown.jsonl", [
      { question: "Что такое переменная?", course: "python-basics", expected_document: "03-loops.md", expected_page_or_section: null },
      { question: "Что такое переменная?", course: "no-such-course", expected_document: "01-syllabus.md", expected_page_or_section: null },
      { question: "Какая погода?", course: "no-such-course-either", expected_document: null },
    ]);
    const { code, stdout, stderr } = await evalCommand([file]);
    expect(code).toBe(1);
    expect(stdout).not.toMatch(/hit@1/);
    expect(stderr).toContain('line 1: course "python-basics" has no document "03-loops.md" (it has: 01-syllabus.md ("Программа курса"), 02-variables-and-types.md');
    expect(stderr).toContain('line 2: no course with the slug "no-such-course"');
    expect(stderr).toContain('line 3: no course with the slug "no-such-course-either"');
  });
});

/**
 * The targets on real course materials, with an encoder whose similarities spread over the
 * whole range, then after a change to one that squeezes them into 0.8–1.0 as trained encoders do:
 * the same calibration must find working floors for both, so that hybrid search adds to lexical
 * search and off-topic questions still get no passage. The materials are parsed and indexed once;
 * the model change brings only new vectors and a new calibration, as in production.
 */
describe("the ru-course eval set", () => {
  const DATABASE = "course_assistant_test_eval_ru";
  let databaseUrl: string;
  let db: ReturnType<typeof createPrismaClient>;
  let dataDir: string;
  let courseId: string;

  beforeAll(async () => {
    databaseUrl = await recreateDatabase(DATABASE);
    await applyMigrations(databaseUrl);
    db = createPrismaClient(databaseUrl);
    dataDir = await mkdtemp(path.join(tmpdir(), "eval-ru-course-"));
    const config = parseConfig({ DATA_DIR: dataDir });
    courseId = (await db.course.create({ data: { slug: "ru-course", title: "Русскоязычный корпус курса" } })).id;
    const files = (await readdir(CORPUS)).filter((name) => /\.(md|pdf)$/.test(name) && name !== "SOURCES.md");
    for (const name of files) await queueUpload(db, config, courseId, name, await readFile(path.join(CORPUS, name)));
  });

  afterAll(async () => {
    await db?.$disconnect();
    await dropDatabase(DATABASE);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it.each<RetrievalFixture>(["static-xlmr", "static-xlmr-anisotropic"])(
    "on %s: hybrid search finds as much as lexical, and off-topic questions get no passage",
    async (fixture) => {
      const modelDir = await makeRetrievalModelDir(fixture);
      const knowledgeBase = await startKnowledgeBase(db, { DATA_DIR: dataDir }, modelDir);
      let result: Awaited<ReturnType<typeof runScript>>;
      try {
        await indexAndCalibrate(knowledgeBase, [courseId]);
        result = await runScript("scripts/eval.ts", [RU_COURSE_SET, "--mode", "both"], {
          DATABASE_URL: databaseUrl,
          DATA_DIR: dataDir,
          EMBEDDINGS_URL: knowledgeBase.sidecarUrl,
        });
      } finally {
        await knowledgeBase.close();
        await cleanup(modelDir);
      }
      const { code, stdout, stderr } = result;
      console.log(`ru-course on ${fixture}:\n${stdout}`);
      expect(stderr).toBe("");
      expect(code).toBe(0);
      expect(stdout).toContain(`fixture/${fixture}`);
      // A hybrid figure measured on lexical fallbacks would compare lexical with itself.
      expect(stdout).not.toContain("ran lexical only");
      const cases = parseEvalSet(await readFile(RU_COURSE_SET, "utf8"), RU_COURSE_SET);
      const summary = tables(stdout).get("all courses, by mode")!;
      const hybrid = summary.get("hybrid")!;
      const lexical = summary.get("lexical")!;
      expect(hybrid.answerable).toBe(cases.filter((c) => c.expectedDocument !== null).length);
      expect(hybrid["hit@5"]).toBeGreaterThanOrEqual(lexical["hit@5"]);
      expect(hybrid["page@5"]).toBeGreaterThanOrEqual(lexical["page@5"]);
      expect(hybrid.abstain).toBeGreaterThanOrEqual(0.8);
      expect(lexical.abstain).toBeGreaterThanOrEqual(0.8);
      // Abstaining on everything would meet the targets above: the course's own questions must still be answered.
      expect(hybrid["false-abst"]).toBeLessThanOrEqual(0.2);
      expect(lexical["false-abst"]).toBeLessThanOrEqual(0.2);
    },
    240_000,
  );
});
