import { analyze } from "@/lib/text/analyzer";

/** The question's distinct terms (stemmed, stop words out), as lexical search sees them. */
export const questionTerms = (question: string): Set<string> => new Set(analyze(question));

/**
 * Share of the question's terms that the text contains (0–1). BM25 ranks passages well, but its
 * scale has no meaning across questions: an everyday question sharing one rare word with a
 * lecture scores as high as a real one. The share of the question a passage covers does not
 * depend on the course's vocabulary, so it is what lexical evidence is gated on.
 */
export function termShare(terms: Set<string>, text: string): number {
  return shareIn(terms, new Set(analyze(text)));
}

function shareIn(terms: Set<string>, found: Set<string>): number {
  if (terms.size === 0) return 0;
  let shared = 0;
  for (const term of terms) if (found.has(term)) shared++;
  return shared / terms.size;
}

type CitedPassage = { id: string; payload: { title: string; section: string | null; text: string } };

// Analysing a passage costs about 0.1 ms and a question weighs some 70 candidates, on the answer's
// path: the terms of recently seen passages are kept, keyed by id and checked against the text.
const CACHED_PASSAGES = 5000;
const passageTerms = new Map<string, { text: string; terms: Set<string> }>();

/** The terms of a passage as lexical evidence counts them: where it is (title, section), and what it says. */
function termsOf({ id, payload }: CitedPassage): Set<string> {
  const text = [payload.title, payload.section ?? "", payload.text].join("\n");
  const cached = passageTerms.get(id);
  if (cached?.text === text) return cached.terms;
  const terms = new Set(analyze(text));
  passageTerms.delete(id);
  passageTerms.set(id, { text, terms });
  if (passageTerms.size > CACHED_PASSAGES) passageTerms.delete(passageTerms.keys().next().value!);
  return terms;
}

/** Share of the question's terms that a passage, with its title and section, contains (0–1). */
export const passageShare = (terms: Set<string>, passage: CitedPassage): number => shareIn(terms, termsOf(passage));
