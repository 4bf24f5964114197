import type { RetrievedPassage } from "../retrieve";
import type { EvalCase } from "./eval-set";

/** What counts as a hit for one question: a passage of one of these documents, on that page or in that section. */
export type Target = { documentIds: ReadonlySet<string>; pageOrSection: number | string | null };

export type Passage = Pick<RetrievedPassage, "documentId" | "title" | "page" | "section">;

export type CaseResult = {
  case: EvalCase;
  /** Rank (from 1) of the first passage that hits, or null when none of the retrieved ones does. */
  rank: number | null;
  passages: Passage[];
};

export type Metrics = { questions: number; hitAt1: number; hitAt5: number; mrr: number };

export type EvalReport = {
  /** How many passages were retrieved per question: the depth of MRR. */
  k: number;
  overall: Metrics;
  perCourse: { course: string; metrics: Metrics }[];
  /** Questions with no hit in the top 5. */
  misses: CaseResult[];
};

/** Case, ё and the way a heading path is separated ("›", ">" or "/") do not matter. */
function normalizeSection(text: string): string {
  return text
    .toLowerCase()
    .replaceAll("ё", "е")
    .replace(/\s*[›>/]\s*/g, " › ")
    .replace(/\s+/g, " ")
    .trim();
}

export function isHit(passage: Passage, target: Target): boolean {
  if (passage.documentId === null || !target.documentIds.has(passage.documentId)) return false;
  const expected = target.pageOrSection;
  if (expected === null) return true;
  if (typeof expected === "number") return passage.page === expected;
  return passage.section !== null && normalizeSection(passage.section).includes(normalizeSection(expected));
}

export function rankOfFirstHit(passages: Passage[], target: Target): number | null {
  const index = passages.findIndex((passage) => isHit(passage, target));
  return index === -1 ? null : index + 1;
}

export function metricsOf(results: Pick<CaseResult, "rank">[]): Metrics {
  const share = (hits: number) => (results.length === 0 ? 0 : hits / results.length);
  return {
    questions: results.length,
    hitAt1: share(results.filter((r) => r.rank === 1).length),
    hitAt5: share(results.filter((r) => r.rank !== null && r.rank <= 5).length),
    mrr: share(results.reduce((sum, r) => sum + (r.rank === null ? 0 : 1 / r.rank), 0)),
  };
}

export function summarize(results: CaseResult[], k: number): EvalReport {
  const courses = [...new Set(results.map((r) => r.case.course))].sort();
  return {
    k,
    overall: metricsOf(results),
    perCourse: courses.map((course) => ({ course, metrics: metricsOf(results.filter((r) => r.case.course === course)) })),
    misses: results.filter((r) => r.rank === null || r.rank > 5),
  };
}

function describeExpected(evalCase: EvalCase): string {
  const where = evalCase.expectedPageOrSection;
  if (where === null) return evalCase.expectedDocument;
  return `${evalCase.expectedDocument}, ${typeof where === "number" ? `p. ${where}` : `section "${where}"`}`;
}

function describePassage(passage: Passage): string {
  const where = passage.page !== null ? `p. ${passage.page}` : passage.section;
  return where ? `${passage.title} (${where})` : passage.title;
}

/** The report as printed by `npm run eval`: a table of hit@1, hit@5 and MRR, then the misses. */
export function formatReport(report: EvalReport): string {
  const row = (name: string, m: Metrics) =>
    `${name.padEnd(24)} ${String(m.questions).padStart(9)}  ${m.hitAt1.toFixed(3)}  ${m.hitAt5.toFixed(3)}  ${m.mrr.toFixed(3)}`;
  const lines = [
    `${"course".padEnd(24)} questions  hit@1  hit@5  MRR@${report.k}`,
    ...report.perCourse.map(({ course, metrics }) => row(course, metrics)),
    row("all", report.overall),
  ];
  if (report.misses.length === 0) return [...lines, "", "Misses (no hit in the top 5): none"].join("\n");
  lines.push("", `Misses (no hit in the top 5): ${report.misses.length}`);
  for (const miss of report.misses) {
    const found = miss.rank === null ? `not in the top ${report.k}` : `first hit at rank ${miss.rank}`;
    lines.push(`  line ${miss.case.line} [${miss.case.course}] ${miss.case.question}`);
    lines.push(`    expected ${describeExpected(miss.case)}; ${found}`);
    lines.push(`    retrieved: ${miss.passages.length === 0 ? "nothing above the relevance threshold" : miss.passages.slice(0, 3).map(describePassage).join("; ")}`);
  }
  return lines.join("\n");
}
