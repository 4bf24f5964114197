import type { RetrievedPassage, SearchMode } from "../retrieve";
import type { EvalCase } from "./eval-set";

/** What counts as a hit for one question: a passage of one of these documents, on that page or in that section. */
export type Target = { documentIds: ReadonlySet<string>; pageOrSection: number | string | null };

export type Passage = Pick<RetrievedPassage, "documentId" | "title" | "page" | "section" | "similarity" | "lexicalScore">;

export type CaseResult = {
  case: EvalCase;
  /** Rank (from 1) of the first passage of the expected document; null when none was retrieved, and for off-topic questions. */
  documentRank: number | null;
  /** Rank of the first passage that is also on the expected page or in the expected section. */
  rank: number | null;
  passages: Passage[];
  /** The search that actually ran: lexical when hybrid was asked for but dense search could not run. */
  ranMode: SearchMode;
};

export type Metrics = {
  /** Questions with an expected document. */
  answerable: number;
  /** Shares of answerable questions with a passage of the expected document first, or in the top 5. */
  hitAt1: number;
  hitAt5: number;
  /** The same, counting only passages on the expected page or in the expected section. */
  pageHitAt1: number;
  pageHitAt5: number;
  /** Mean reciprocal rank of the expected document's first passage (0 when it was not retrieved). */
  mrr: number;
  /** Share of answerable questions that got no passage at all: the assistant would wrongly say it does not know. */
  falseAbstention: number;
  /** Questions that no passage of the course answers. */
  offTopic: number;
  /** Share of off-topic questions that got no passage; null when the set has none. */
  abstention: number | null;
};

export type EvalReport = {
  /** The search asked for; `fellBack` counts the questions on which it could not run as asked. */
  mode: SearchMode;
  fellBack: number;
  /** How many passages were retrieved per question: the depth of MRR. */
  k: number;
  overall: Metrics;
  perCourse: { course: string; metrics: Metrics }[];
  /** Answerable questions with no hit in the top 5. */
  misses: CaseResult[];
  /** Off-topic questions that got passages anyway. */
  leaks: CaseResult[];
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

export function isDocumentHit(passage: Passage, target: Target): boolean {
  return passage.documentId !== null && target.documentIds.has(passage.documentId);
}

export function isHit(passage: Passage, target: Target): boolean {
  if (!isDocumentHit(passage, target)) return false;
  const expected = target.pageOrSection;
  if (expected === null) return true;
  if (typeof expected === "number") return passage.page === expected;
  return passage.section !== null && normalizeSection(passage.section).includes(normalizeSection(expected));
}

function rankOf(passages: Passage[], matches: (passage: Passage) => boolean): number | null {
  const index = passages.findIndex(matches);
  return index === -1 ? null : index + 1;
}

/** Both ranks of a question; an off-topic question (no target) has neither. */
export function ranksOf(passages: Passage[], target: Target | null): Pick<CaseResult, "documentRank" | "rank"> {
  if (target === null) return { documentRank: null, rank: null };
  return { documentRank: rankOf(passages, (p) => isDocumentHit(p, target)), rank: rankOf(passages, (p) => isHit(p, target)) };
}

const isOffTopic = (result: Pick<CaseResult, "case">) => result.case.expectedDocument === null;

export function metricsOf(results: Pick<CaseResult, "case" | "documentRank" | "rank" | "passages">[]): Metrics {
  const answerable = results.filter((r) => !isOffTopic(r));
  const offTopic = results.filter(isOffTopic);
  const share = (count: number) => (answerable.length === 0 ? 0 : count / answerable.length);
  const within = (rank: number | null, depth: number) => rank !== null && rank <= depth;
  return {
    answerable: answerable.length,
    hitAt1: share(answerable.filter((r) => within(r.documentRank, 1)).length),
    hitAt5: share(answerable.filter((r) => within(r.documentRank, 5)).length),
    pageHitAt1: share(answerable.filter((r) => within(r.rank, 1)).length),
    pageHitAt5: share(answerable.filter((r) => within(r.rank, 5)).length),
    mrr: share(answerable.reduce((sum, r) => sum + (r.documentRank === null ? 0 : 1 / r.documentRank), 0)),
    falseAbstention: share(answerable.filter((r) => r.passages.length === 0).length),
    offTopic: offTopic.length,
    abstention: offTopic.length === 0 ? null : offTopic.filter((r) => r.passages.length === 0).length / offTopic.length,
  };
}

export function summarize(results: CaseResult[], mode: SearchMode, k: number): EvalReport {
  const courses = [...new Set(results.map((r) => r.case.course))].sort();
  return {
    mode,
    fellBack: results.filter((r) => r.ranMode !== mode).length,
    k,
    overall: metricsOf(results),
    perCourse: courses.map((course) => ({ course, metrics: metricsOf(results.filter((r) => r.case.course === course)) })),
    misses: results.filter((r) => !isOffTopic(r) && (r.rank === null || r.rank > 5)),
    leaks: results.filter((r) => isOffTopic(r) && r.passages.length > 0),
  };
}
