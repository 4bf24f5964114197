import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { EvalSetError, parseEvalSet, type EvalCase } from "@/lib/rag/eval/eval-set";
import { formatReport, isHit, metricsOf, rankOfFirstHit, summarize, type CaseResult, type Passage } from "@/lib/rag/eval/score";

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
    expect(message).not.toContain("set.jsonl:1:");
  });

  it("refuses a file without questions", () => {
    expect(failure("\n  \n")).toContain("it has no questions");
  });
});

const target = (pageOrSection: number | string | null) => ({ documentIds: new Set(["doc-a"]), pageOrSection });
const passage = (fields: Partial<Passage>): Passage => ({ documentId: "doc-a", title: "Программа курса", page: null, section: null, ...fields });

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

describe("metrics", () => {
  it("ranks the first hit from 1", () => {
    const passages = [passage({ page: 1 }), passage({ page: 2 }), passage({ page: 2 })];
    expect(rankOfFirstHit(passages, target(2))).toBe(2);
    expect(rankOfFirstHit(passages, target(3))).toBeNull();
    expect(rankOfFirstHit([], target(null))).toBeNull();
  });

  it("computes hit@1, hit@5 and MRR from the ranks", () => {
    expect(metricsOf([{ rank: 1 }, { rank: 2 }, { rank: 6 }, { rank: null }])).toEqual({
      questions: 4,
      hitAt1: 0.25,
      hitAt5: 0.5,
      mrr: (1 + 1 / 2 + 1 / 6) / 4,
    });
    expect(metricsOf([])).toEqual({ questions: 0, hitAt1: 0, hitAt5: 0, mrr: 0 });
  });

  const evalCase = (line: number, course: string): EvalCase => ({
    line,
    question: `Вопрос ${line}`,
    course,
    expectedDocument: "Программа курса",
    expectedPageOrSection: line,
  });
  const results: CaseResult[] = [
    { case: evalCase(1, "python"), rank: 1, passages: [passage({ page: 1 })] },
    { case: evalCase(2, "python"), rank: null, passages: [passage({ title: "Лекция 2", page: 9 }), passage({ section: "Программа курса › Цели" })] },
    { case: evalCase(3, "history"), rank: 2, passages: [] },
    { case: evalCase(4, "history"), rank: 7, passages: [] },
  ];

  it("summarises overall and per course, listing as misses the questions with no hit in the top 5", () => {
    const report = summarize(results, 10);
    expect(report.overall).toEqual(metricsOf(results));
    expect(report.perCourse).toEqual([
      { course: "history", metrics: { questions: 2, hitAt1: 0, hitAt5: 0.5, mrr: (1 / 2 + 1 / 7) / 2 } },
      { course: "python", metrics: { questions: 2, hitAt1: 0.5, hitAt5: 0.5, mrr: 0.5 } },
    ]);
    expect(report.misses.map((miss) => miss.case.line)).toEqual([2, 4]);
  });

  it("prints the table and each miss with what was retrieved instead", () => {
    const text = formatReport(summarize(results, 10));
    expect(text).toContain("questions  hit@1  hit@5  MRR@10");
    expect(text).toMatch(/^history\s+2 {2}0\.000 {2}0\.500 {2}0\.321$/m);
    expect(text).toMatch(/^python\s+2 {2}0\.500 {2}0\.500 {2}0\.500$/m);
    expect(text).toMatch(/^all\s+4 {2}0\.250 {2}0\.500 {2}0\.411$/m);
    expect(text).toContain("Misses (no hit in the top 5): 2");
    expect(text).toContain("line 2 [python] Вопрос 2\n    expected Программа курса, p. 2; not in the top 10\n    retrieved: Лекция 2 (p. 9); Программа курса (Программа курса › Цели)");
    expect(text).toContain("line 4 [history] Вопрос 4\n    expected Программа курса, p. 4; first hit at rank 7");
  });

  it("says so when nothing was missed", () => {
    expect(formatReport(summarize(results.slice(0, 1), 10))).toContain("Misses (no hit in the top 5): none");
  });
});

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
