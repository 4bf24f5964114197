import { stemmer as stemEnglish } from "@orama/stemmers/english";
import { stemmer as stemRussian } from "@orama/stemmers/russian";
import { stopwords as englishStopwords } from "@orama/stopwords/english";
import { stopwords as russianStopwords } from "@orama/stopwords/russian";

// The lists are written with "ё" in places; folding them like the text keeps "её" a stop word.
const STOPWORDS = new Set([...russianStopwords, ...englishStopwords].map((word) => word.replaceAll("ё", "е")));
const WORD = /[\p{L}\p{N}]+/gu;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;

/**
 * Turns text into the terms lexical search matches on: the same analysis runs when a passage is
 * indexed and when a question is asked, so "переменная" in a question finds "переменных" in a
 * lecture. Words are stemmed by their script (Russian and English Snowball); numbers stay as typed.
 */
export function analyze(text: string): string[] {
  // NFC first so "й"/"ё" are single letters; what combining marks remain are stress accents.
  const folded = text.normalize("NFC").replace(/\p{M}/gu, "").toLowerCase().replaceAll("ё", "е");
  const terms: string[] = [];
  for (const [word] of folded.matchAll(WORD)) {
    // Single letters are noise here: the spaced-out code listings of PDFs ("c r i t i c a l") would
    // otherwise match every question with an "I" or an "a" in it.
    if (STOPWORDS.has(word) || (word.length === 1 && !/\p{N}/u.test(word))) continue;
    terms.push(CYRILLIC.test(word) ? stemRussian(word) : LATIN.test(word) ? stemEnglish(word) : word);
  }
  return terms;
}
