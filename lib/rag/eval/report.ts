import type { EvalCase } from "./eval-set";
import type { EvalReport, Metrics, Passage } from "./score";

function describeExpected(evalCase: EvalCase): string {
  const where = evalCase.expectedPageOrSection;
  if (where === null) return evalCase.expectedDocument ?? "nothing";
  return `${evalCase.expectedDocument}, ${typeof where === "number" ? `p. ${where}` : `section "${where}"`}`;
}

/** Scores are printed because they are what the calibrated floors cut: a leak shows how far above its floor it got. */
function describePassage(passage: Passage): string {
  const where = passage.page !== null ? `p. ${passage.page}` : passage.section;
  const scores = [
    passage.similarity === null ? null : `cosine ${passage.similarity.toFixed(3)}`,
    passage.lexicalScore === null ? null : `BM25 ${passage.lexicalScore.toFixed(2)}`,
  ].filter((score) => score !== null);
  return `${where ? `${passage.title} (${where})` : passage.title}${scores.length > 0 ? ` [${scores.join(", ")}]` : ""}`;
}

const ratio = (value: number) => value.toFixed(3);
const COLUMNS = ["answerable", "hit@1", "hit@5", "page@1", "page@5", "MRR@k", "false-abst", "off-topic", "abstain"];

function metricCells(m: Metrics): string[] {
  return [
    String(m.answerable),
    ratio(m.hitAt1),
    ratio(m.hitAt5),
    ratio(m.pageHitAt1),
    ratio(m.pageHitAt5),
    ratio(m.mrr),
    ratio(m.falseAbstention),
    String(m.offTopic),
    m.abstention === null ? "-" : ratio(m.abstention),
  ];
}

/** A right-aligned table under a header; the first column (a name) is left-aligned. */
function table(first: string, k: number, rows: [string, Metrics][]): string[] {
  const header = [first, ...COLUMNS.map((c) => c.replace("@k", `@${k}`))];
  const cells = rows.map(([name, m]) => [name, ...metricCells(m)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ");
  return [line(header), ...cells.map(line)];
}

function modeHeading(report: EvalReport): string {
  const total = report.overall.answerable + report.overall.offTopic;
  if (report.fellBack === 0) return `== ${report.mode} ==`;
  // A hybrid figure measured on lexical answers would flatter nothing and mislead everyone: say so.
  return `== ${report.mode} == (WARNING: ${report.fellBack} of ${total} questions ran lexical only: the embedder did not answer or the course has no calibrated floor for its model)`;
}

/** One mode's report as printed by `npm run eval`: the figures per course, the misses, the off-topic leaks. */
export function formatReport(report: EvalReport): string {
  const lines = [
    modeHeading(report),
    ...table(
      "course",
      report.k,
      [...report.perCourse.map(({ course, metrics }): [string, Metrics] => [course, metrics]), ["all", report.overall]],
    ),
  ];
  lines.push("", `Misses (no hit on the expected page or section in the top 5): ${report.misses.length === 0 ? "none" : report.misses.length}`);
  for (const miss of report.misses) {
    const found = miss.rank === null ? `not in the top ${report.k}` : `first hit at rank ${miss.rank}`;
    const document = miss.documentRank === null || miss.documentRank === miss.rank ? "" : ` (the document itself at rank ${miss.documentRank})`;
    lines.push(`  line ${miss.case.line} [${miss.case.course}] ${miss.case.question}`);
    lines.push(`    expected ${describeExpected(miss.case)}; ${found}${document}`);
    lines.push(`    retrieved: ${miss.passages.length === 0 ? "nothing above the course's relevance floors" : miss.passages.slice(0, 3).map(describePassage).join("; ")}`);
  }
  if (report.overall.offTopic > 0) {
    lines.push("", `Off-topic questions answered anyway: ${report.leaks.length === 0 ? "none" : report.leaks.length}`);
    for (const leak of report.leaks) {
      lines.push(`  line ${leak.case.line} [${leak.case.course}] ${leak.case.question}`);
      lines.push(`    retrieved ${leak.passages.length}: ${leak.passages.slice(0, 3).map(describePassage).join("; ")}`);
    }
  }
  return lines.join("\n");
}

/** The modes side by side, all courses together: the comparison the eval exists for. */
export function formatComparison(reports: EvalReport[]): string {
  return ["== all courses, by mode ==", ...table("mode", reports[0].k, reports.map((r): [string, Metrics] => [r.mode, r.overall]))].join("\n");
}
