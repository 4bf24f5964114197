import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { chunkDocument } from "@/lib/rag/chunk";
import { OFF_TOPIC_PROBES } from "@/lib/rag/calibration/probes";
import { EvalSetError, parseEvalSet, type EvalCase } from "@/lib/rag/eval/eval-set";
import { formatComparison, formatReport } from "@/lib/rag/eval/report";
import { isHit, metricsOf, ranksOf, summarize, type CaseResult, type Passage } from "@/lib/rag/eval/score";
import { parseDocument } from "@/lib/rag/parse";

const line = (fields: Record<string, unknown>) =>
  JSON.stringify({ question: "Когда экзамен?", course: "python-basics", expected_document: "01-syllabus.md", expected_page_or_section: null, ...fields });

function failure(text: string): string {
  try {
    parseEvalSet(text, "set.jsonl");
  } catch (error) {
    expect(error).toBeInstanceOf(EvalSetError);
    return (error as Error).message;
  }
  throw new Error("expected the eval set to be refused");
}

describe("parseEvalSet", () => {
  it("reads one question per line with its line number, skipping blank lines", () => {
    const cases = parseEvalSet(`${line({ expected_page_or_section: 7 })}\n\n${line({ question: "  Где сдавать?  ", expected_page_or_section: "Сроки" })}\r\n`, "set.jsonl");
    expect(cases).toEqual([
      { line: 1, question: "Когда экзамен?", course: "python-basics", expectedDocument: "01-syllabus.md", expectedPageOrSection: 7 },
      { line: 3, question: "Где сдавать?", course: "python-basics", expectedDocument: "01-syllabus.md", expectedPageOrSection: "Сроки" },
    ]);
  });

  it("treats a missing page or section as none expected", () => {
    const [only] = parseEvalSet(JSON.stringify({ question: "Q", course: "c", expected_document: "d" }), "set.jsonl");
    expect(only.expectedPageOrSection).toBeNull();
  });

  it("reads a null expected document as an off-topic question, which must not name a page or section", () => {
    const [offTopic] = parseEvalSet(line({ question: "Какая завтра погода?", expected_document: null }), "set.jsonl");
    expect(offTopic).toEqual({ line: 1, question: "Какая завтра погода?", course: "python-basics", expectedDocument: null, expectedPageOrSection: null });
    expect(failure(line({ expected_document: null, expected_page_or_section: 3 }))).toContain(
      "set.jsonl:1: expected_page_or_section: must be null for an off-topic question (expected_document null)",
    );
  });

  it("names the file and line of every bad line", () => {
    const message = failure(
      [
        line({}),
        '{"question": "Когда экзамен?", "course": ',
        line({ expected_document: undefined }),
        line({ expected_page_or_section: 0 }),
        line({ expected_page: 3 }),
        '["a list"]',
        line({ question: "   " }),
        line({ expected_page_or_section: true }),
        line({ expected_document: "  " }),
      ].join("\n"),
    );
    expect(message).toMatch(/^Invalid eval set set\.jsonl:/);
    expect(message).toMatch(/set\.jsonl:2: not valid JSON/);
    expect(message).toContain("set.jsonl:3: expected_document: is required");
    expect(message).toContain("set.jsonl:4: expected_page_or_section: a page number starts at 1");
    expect(message).toMatch(/set\.jsonl:5: .*expected_page/);
    expect(message).toMatch(/set\.jsonl:6: .*object/);
    expect(message).toContain("set.jsonl:7: question: must not be empty");
    expect(message).toContain("set.jsonl:8: expected_page_or_section: must be a page number, a section heading or null");
    expect(message).toContain("set.jsonl:9: expected_document: must not be empty");
    expect(message).not.toContain("set.jsonl:1:");
  });

  it("refuses a file without questions", () => {
    expect(failure("\n  \n")).toContain("it has no questions");
  });
});

const target = (pageOrSection: number | string | null) => ({ documentIds: new Set(["doc-a"]), pageOrSection });
const passage = (fields: Partial<Passage>): Passage => ({
  documentId: "doc-a",
  title: "Программа курса",
  page: null,
  section: null,
  similarity: null,
  lexicalScore: null,
  ...fields,
});

describe("isHit", () => {
  it("needs a passage of an expected document", () => {
    expect(isHit(passage({}), target(null))).toBe(true);
    expect(isHit(passage({ documentId: "doc-b" }), target(null))).toBe(false);
    expect(isHit(passage({ documentId: null, title: "Программа курса" }), target(null))).toBe(false);
  });

  it("needs the expected page when a number is given", () => {
    expect(isHit(passage({ page: 7 }), target(7))).toBe(true);
    expect(isHit(passage({ page: 8 }), target(7))).toBe(false);
    expect(isHit(passage({ page: null, section: "7" }), target(7))).toBe(false);
  });

  it("needs a section containing the text, ignoring case, ё and how the path is separated", () => {
    const section = "Программа курса › Сроки сдачи домашних заданий";
    expect(isHit(passage({ section }), target("сроки сдачи"))).toBe(true);
    expect(isHit(passage({ section }), target("программа курса > Сроки"))).toBe(true);
    expect(isHit(passage({ section: "Лекция › Ёмкость списка" }), target("емкость"))).toBe(true);
    expect(isHit(passage({ section }), target("Оценивание"))).toBe(false);
    expect(isHit(passage({ section: null }), target("Оценивание"))).toBe(false);
  });

  it("anchors a fragment to a heading's start with a leading separator", () => {
    expect(isHit(passage({ section: "Лекция 2. Переменные и типы данных › Основные типы" }), target("› Переменные"))).toBe(false);
    expect(isHit(passage({ section: "Лекция 2. Переменные и типы данных › Переменные" }), target("› Переменные"))).toBe(true);
  });
});

describe("ranksOf", () => {
  it("ranks, from 1, the document's first passage and the first one on the expected page", () => {
    const passages = [passage({ documentId: "doc-b", page: 2 }), passage({ page: 1 }), passage({ page: 2 })];
    expect(ranksOf(passages, target(2))).toEqual({ documentRank: 2, rank: 3 });
    expect(ranksOf(passages, target(3))).toEqual({ documentRank: 2, rank: null });
    expect(ranksOf([], target(null))).toEqual({ documentRank: null, rank: null });
  });

  it("gives an off-topic question no rank, whatever was retrieved", () => {
    expect(ranksOf([passage({})], null)).toEqual({ documentRank: null, rank: null });
  });
});

const evalCase = (lineNumber: number, course: string, expectedDocument: string | null = "Программа курса"): EvalCase => ({
  line: lineNumber,
  question: `Вопрос ${lineNumber}`,
  course,
  expectedDocument,
  expectedPageOrSection: expectedDocument === null ? null : lineNumber,
});

const result = (evalCase: EvalCase, documentRank: number | null, rank: number | null, passages: Passage[], ranMode: CaseResult["ranMode"] = "hybrid"): CaseResult => ({
  case: evalCase,
  documentRank,
  rank,
  passages,
  ranMode,
});

describe("metrics", () => {
  const some = [passage({})];

  it("computes document and page hits, MRR and false abstention over answerable questions, abstention over off-topic ones", () => {
    const results = [
      result(evalCase(1, "c"), 1, 1, some),
      result(evalCase(2, "c"), 1, 4, some),
      result(evalCase(3, "c"), 6, null, some),
      result(evalCase(4, "c"), null, null, []),
      result(evalCase(5, "c", null), null, null, []),
      result(evalCase(6, "c", null), null, null, some),
      result(evalCase(7, "c", null), null, null, []),
    ];
    expect(metricsOf(results)).toEqual({
      answerable: 4,
      hitAt1: 0.5,
      hitAt5: 0.5,
      pageHitAt1: 0.25,
      pageHitAt5: 0.5,
      mrr: (1 + 1 + 1 / 6) / 4,
      falseAbstention: 0.25,
      offTopic: 3,
      abstention: 2 / 3,
    });
  });

  it("has no abstention rate without off-topic questions, and zeros without answerable ones", () => {
    expect(metricsOf([result(evalCase(1, "c"), 1, 1, some)]).abstention).toBeNull();
    expect(metricsOf([])).toEqual({ answerable: 0, hitAt1: 0, hitAt5: 0, pageHitAt1: 0, pageHitAt5: 0, mrr: 0, falseAbstention: 0, offTopic: 0, abstention: null });
  });

  const results: CaseResult[] = [
    result(evalCase(1, "python"), 1, 1, [passage({ page: 1, similarity: 0.91, lexicalScore: 7.5 })]),
    result(evalCase(2, "python"), 2, null, [passage({ documentId: "doc-b", title: "Лекция 2", page: 9 }), passage({ section: "Программа курса › Цели", lexicalScore: 3 })]),
    result(evalCase(3, "history"), 2, 2, [passage({}), passage({})]),
    result(evalCase(4, "history"), 7, 7, []),
    result(evalCase(5, "history", null), null, null, []),
    result(evalCase(6, "python", null), null, null, [passage({ title: "Лекция 2", page: 3, similarity: 0.87 })], "lexical"),
  ];

  it("summarises overall and per course, listing the misses and the off-topic leaks", () => {
    const report = summarize(results, "hybrid", 10);
    expect(report.overall).toEqual(metricsOf(results));
    expect(report.perCourse.map(({ course, metrics }) => [course, metrics.answerable, metrics.offTopic, metrics.abstention])).toEqual([
      ["history", 2, 1, 1],
      ["python", 2, 1, 0],
    ]);
    expect(report.misses.map((miss) => miss.case.line)).toEqual([2, 4]);
    expect(report.leaks.map((leak) => leak.case.line)).toEqual([6]);
    expect(report.fellBack).toBe(1);
  });

  it("prints the table, each miss with what was retrieved instead, and each leak with its scores", () => {
    const text = formatReport(summarize(results, "hybrid", 10));
    expect(text).toMatch(/^== hybrid == \(WARNING: 1 of 6 questions ran lexical only/);
    expect(text).toMatch(/^course +answerable +hit@1 +hit@5 +page@1 +page@5 +MRR@10 +false-abst +off-topic +abstain$/m);
    expect(text).toMatch(/^history +2 +0\.000 +0\.500 +0\.000 +0\.500 +0\.321 +0\.500 +1 +1\.000$/m);
    expect(text).toMatch(/^python +2 +0\.500 +1\.000 +0\.500 +0\.500 +0\.750 +0\.000 +1 +0\.000$/m);
    expect(text).toMatch(/^all +4 +0\.250 +0\.750 +0\.250 +0\.500 +0\.536 +0\.250 +2 +0\.500$/m);
    expect(text).toContain("Misses (no hit on the expected page or section in the top 5): 2");
    expect(text).toContain(
      "line 2 [python] Вопрос 2\n    expected Программа курса, p. 2; not in the top 10 (the document itself at rank 2)\n    retrieved: Лекция 2 (p. 9); Программа курса (Программа курса › Цели) [BM25 3.00]",
    );
    expect(text).toContain("line 4 [history] Вопрос 4\n    expected Программа курса, p. 4; first hit at rank 7\n    retrieved: nothing above the course's relevance floors");
    expect(text).toContain("Off-topic questions answered anyway: 1\n  line 6 [python] Вопрос 6\n    retrieved 1: Лекция 2 (p. 3) [cosine 0.870]");
  });

  it("says so when nothing was missed or leaked, and warns of no fallback when there was none", () => {
    const text = formatReport(summarize([{ ...results[0], ranMode: "lexical" }, { ...results[4], ranMode: "lexical" }], "lexical", 10));
    expect(text).toMatch(/^== lexical ==$/m);
    expect(text).toContain("Misses (no hit on the expected page or section in the top 5): none");
    expect(text).toContain("Off-topic questions answered anyway: none");
  });

  it("compares the modes on all courses together", () => {
    const text = formatComparison([summarize(results, "hybrid", 10), summarize(results.slice(0, 4), "lexical", 10)]);
    expect(text).toMatch(/^mode +answerable/m);
    expect(text).toMatch(/^hybrid +4 +0\.250 +0\.750 +0\.250 +0\.500 +0\.536 +0\.250 +2 +0\.500$/m);
    expect(text).toMatch(/^lexical +4 .* +0 +-$/m);
  });
});

const fold = (text: string) => text.toLowerCase().replaceAll("ё", "е").replace(/[^\p{L}\p{N}]+/gu, " ").trim();

describe("the demo eval set", () => {
  it("is valid and asks about the demo course's own materials", async () => {
    const cases = parseEvalSet(await readFile("eval/demo.jsonl", "utf8"), "eval/demo.jsonl");
    const demo = JSON.parse(await readFile("demo/course.json", "utf8")) as { slug: string; materials: { file: string; title: string }[] };
    const names = new Set(demo.materials.flatMap((m) => [m.file.split("/").pop(), m.title]));
    expect(cases.length).toBeGreaterThanOrEqual(15);
    expect(cases.length).toBeLessThanOrEqual(30);
    for (const evalCase of cases) {
      expect(evalCase.course).toBe(demo.slug);
      expect(names).toContain(evalCase.expectedDocument);
    }
  });
});

describe("the ru-course eval set", () => {
  const CORPUS = path.resolve("../shared/corpus/ru-course");

  it("covers every document of the corpus, each PDF with at least 12 questions, and asks 10 off-topic ones", async () => {
    const cases = parseEvalSet(await readFile("eval/ru-course.jsonl", "utf8"), "eval/ru-course.jsonl");
    const documents = (await readdir(CORPUS)).filter((name) => /\.(md|pdf)$/.test(name) && name !== "SOURCES.md");
    const perDocument = new Map(documents.map((name) => [name, cases.filter((c) => c.expectedDocument === name).length]));
    expect(cases.every((c) => c.course === "ru-course")).toBe(true);
    expect(cases.filter((c) => c.expectedDocument !== null).length).toBeGreaterThanOrEqual(45);
    expect(cases.filter((c) => c.expectedDocument !== null && !documents.includes(c.expectedDocument))).toEqual([]);
    for (const [name, count] of perDocument) expect(count, name).toBeGreaterThanOrEqual(name.endsWith(".pdf") ? 12 : 1);
    expect(cases.filter((c) => c.expectedDocument === null).length).toBeGreaterThanOrEqual(10);
    expect(new Set(cases.map((c) => fold(c.question))).size).toBe(cases.length);
  });

  it("asks off-topic questions the calibration probes do not contain, so abstention is measured on unseen questions", async () => {
    const probes = new Set(OFF_TOPIC_PROBES.map(fold));
    const cases = parseEvalSet(await readFile("eval/ru-course.jsonl", "utf8"), "eval/ru-course.jsonl");
    expect(cases.filter((c) => c.expectedDocument === null && probes.has(fold(c.question))).map((c) => c.question)).toEqual([]);
  });

  it("names sections that the Markdown documents have", async () => {
    const cases = parseEvalSet(await readFile("eval/ru-course.jsonl", "utf8"), "eval/ru-course.jsonl");
    const markdown = cases.filter((c): c is EvalCase & { expectedDocument: string; expectedPageOrSection: string } => c.expectedDocument?.endsWith(".md") === true && typeof c.expectedPageOrSection === "string");
    const sections = new Map<string, Passage[]>();
    for (const name of new Set(markdown.map((c) => c.expectedDocument))) {
      const parsed = await parseDocument(path.join(CORPUS, name), name, { maxBytes: 10_000_000, maxPages: 1000 });
      sections.set(name, chunkDocument(parsed).map((chunk) => passage({ documentId: "doc-a", section: chunk.section })));
    }
    const unmatched = markdown.filter((c) => !sections.get(c.expectedDocument)!.some((p) => isHit(p, target(c.expectedPageOrSection))));
    expect(unmatched.map((c) => `line ${c.line}: ${c.expectedPageOrSection}`)).toEqual([]);
  });
});
