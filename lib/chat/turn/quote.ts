import type { RetrievedPassage } from "@/lib/rag/retrieve";
import { toCitations } from "../citations";
import type { TurnOutcome } from "./outcome";

const QUOTE_CHARS = 500;

/** The passages themselves as the answer, quoted and cited, after a line saying why. */
export function quoteAnswer(passages: RetrievedPassage[], lead: string): TurnOutcome {
  return { status: "COMPLETE", answerMode: "RETRIEVAL_ONLY", text: quoteText(passages, lead), citations: toCitations(passages) };
}

/** The lead, then each passage as a quote ending in its citation number, [1] first. */
function quoteText(passages: RetrievedPassage[], lead: string): string {
  const quotes = passages.map((p, i) => {
    const quote = p.text.length > QUOTE_CHARS ? `${p.text.slice(0, QUOTE_CHARS).trimEnd()}…` : p.text;
    return `${quote.split("\n").map((line) => `> ${line}`).join("\n")}\n>\n> — [${i + 1}] ${p.title}`;
  });
  return `${lead}\n\n${quotes.join("\n\n")}`;
}
