import type { SearchMode } from "@/lib/generated/prisma/client";
import type { Retrieval } from "@/lib/rag/retrieve";
import { questionTerms } from "@/lib/rag/term-share";
import type { AnswerDeps } from "../answer-stream";
import { AnswerFailure } from "./outcome";
import type { Turn } from "./resolve";

type SearchDeps = Pick<AnswerDeps, "config" | "retrieve">;

export type Found = {
  retrieval: Retrieval;
  searchMode: SearchMode;
  /** The evidence of each passage, best first: recorded with the answer. */
  scores: number[];
};

/** A question with at most this many terms of its own may lean on the previous one. */
const FOLLOW_UP_TERMS = 2;

function searchPassages(deps: SearchDeps, courseId: string, query: string): Promise<Retrieval> {
  return deps.retrieve({ courseId, query, k: deps.config.RETRIEVAL_TOP_K });
}

/** Starts the search for a new question as soon as its course is known, to run beside the chat's own reads and writes. */
export function prefetchPassages(deps: SearchDeps, courseId: string, question: string): Promise<Retrieval> {
  const search = searchPassages(deps, courseId, question);
  // Its failure is the answer's to report, once the answer awaits it.
  search.catch(() => {});
  return search;
}

/**
 * Passages for the question. A follow-up such as "and in more detail?" finds nothing on its own,
 * so when a short question misses, it is searched again together with the previous question. A
 * question with words of its own that finds nothing is a new question, and its answer is "I don't
 * know", not the previous question's passages.
 */
async function retrieveFor(deps: SearchDeps, turn: Turn): Promise<Retrieval> {
  const retrieval = await (turn.prefetched ?? searchPassages(deps, turn.course.id, turn.question));
  const previous = turn.history.findLast((earlier) => earlier.role === "USER");
  const followUp = previous !== undefined && questionTerms(turn.question).size <= FOLLOW_UP_TERMS;
  return retrieval.passages.length > 0 || !followUp ? retrieval : searchPassages(deps, turn.course.id, `${previous.text}\n${turn.question}`);
}

export async function retrievePassages(deps: SearchDeps, turn: Turn): Promise<Found> {
  const retrieval = await retrieveFor(deps, turn).catch((error: unknown) => {
    throw new AnswerFailure("search", [], error);
  });
  return {
    retrieval,
    searchMode: retrieval.mode === "lexical" ? "LEXICAL" : "HYBRID",
    scores: retrieval.passages.map((p) => p.similarity ?? p.termShare).sort((a, b) => b - a),
  };
}
