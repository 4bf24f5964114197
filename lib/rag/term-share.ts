import { analyze } from "@/lib/vector/lexical";

/** The question's distinct terms (stemmed, stop words out), as lexical search sees them. */
export const questionTerms = (question: string): Set<string> => new Set(analyze(question));

/**
 * Share of the question's terms that the text contains (0–1). BM25 ranks passages well, but its
 * scale has no meaning across questions: an everyday question sharing one rare word with a
 * lecture scores as high as a real one. The share of the question a passage covers does not
 * depend on the course's vocabulary, so it is what lexical evidence is gated on.
 */
export function termShare(terms: Set<string>, text: string): number {
  if (terms.size === 0) return 0;
  const found = new Set(analyze(text));
  let shared = 0;
  for (const term of terms) if (found.has(term)) shared++;
  return shared / terms.size;
}

/** The text of a passage that lexical evidence counts: where it is, and what it says. */
export const citedText = (payload: { title: string; section: string | null; text: string }) =>
  [payload.title, payload.section ?? "", payload.text].join("\n");
