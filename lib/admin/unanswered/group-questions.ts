import { analyze } from "@/lib/text/analyzer";
import { cosineSimilarity } from "@/lib/vector/similarity";

export type AskedQuestion = { id: string; question: string; askedAt: Date; vector?: number[] };

export type QuestionGroup = {
  /** The most recent wording, shown as the group's title and offered as the FAQ question. */
  representative: string;
  questionIds: string[];
  /** Distinct wordings, most recent first. */
  wordings: string[];
  lastAskedAt: Date;
};

export type GroupingOptions = { minSimilarity: number; minTermOverlap: number };

function termOverlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * Greedy single-pass grouping, newest question first: a question joins the first group whose
 * first question it resembles, by meaning (cosine of embeddings, when there are any) or by
 * wording (overlap of stemmed terms, so "Когда экзамен?" and "когда будет экзамен" meet even
 * without an embedder). Groups come out largest first.
 */
export function groupQuestions(questions: AskedQuestion[], options: GroupingOptions): QuestionGroup[] {
  type Draft = { seed: AskedQuestion; terms: Set<string>; members: AskedQuestion[] };
  const drafts: Draft[] = [];
  const newestFirst = [...questions].sort((a, b) => b.askedAt.getTime() - a.askedAt.getTime());
  for (const question of newestFirst) {
    const terms = new Set(analyze(question.question));
    const home = drafts.find(
      (draft) =>
        termOverlap(draft.terms, terms) >= options.minTermOverlap ||
        (draft.seed.vector !== undefined && question.vector !== undefined && cosineSimilarity(draft.seed.vector, question.vector) >= options.minSimilarity),
    );
    if (home) home.members.push(question);
    else drafts.push({ seed: question, terms, members: [question] });
  }
  return drafts
    .map((draft) => ({
      representative: draft.seed.question,
      questionIds: draft.members.map((m) => m.id),
      wordings: [...new Set(draft.members.map((m) => m.question.trim()))],
      lastAskedAt: draft.seed.askedAt,
    }))
    .sort((a, b) => b.questionIds.length - a.questionIds.length || b.lastAskedAt.getTime() - a.lastAskedAt.getTime());
}
