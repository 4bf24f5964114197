/**
 * Text repair for what PDF extraction leaves behind: lines broken inside paragraphs, words hyphenated
 * at line ends, page numbers and running headers, ligatures and stray invisible characters.
 */

const LIGATURES: Record<string, string> = {
  "\uFB00": "ff",
  "\uFB01": "fi",
  "\uFB02": "fl",
  "\uFB03": "ffi",
  "\uFB04": "ffl",
  "\uFB05": "st",
  "\uFB06": "st",
};

// Variation selectors and zero-width characters come from math fonts and copy-protection tricks;
// they split words for full-text search without being visible. The bracket pieces (⎛ ⎜ ⎝) are how
// TeX draws tall brackets and carry no text.
const INVISIBLE = /[\uFE00-\uFE0F\u200B-\u200D\u2060\uFEFF\u239B-\u23AD]/g;
// Mathematical alphanumerics (𝑛, 𝐀) are italic or bold letters; searching needs the plain letter.
const MATH_ALPHANUMERIC = /[\u{1D400}-\u{1D7FF}]/gu;
// Not \s: line breaks must survive so that callers can decide how to join lines.
const HORIZONTAL_SPACE = /[ \t\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g;
const SOFT_HYPHEN = "\u00AD";
const LINE_END_HYPHEN = /\p{L}[-\u2010\u2011\u2013]$/u;

/**
 * A line that opens a list item: a bullet, "1." or "1)", "(a)" or "а)", or a Roman numeral.
 * A lone letter with a dot is left out because Russian initials ("А. С. Пушкин") look the same, and
 * dashes are left out because a Russian sentence may wrap right before its "—".
 */
export const LIST_MARKER = /^(?:[-•▪◦·*‣○■]\s|\d{1,3}[.)]\s|\(?[\p{Ll}]\)\s|\(\p{L}\)\s|[IVX]{1,4}[.)]\s)/u;

// Pronouns and adverbs whose hyphen is part of the word ("кто-нибудь", "где-то"): when TeX breaks
// the line exactly at that hyphen, it must stay.
const HYPHENATED_PRONOUNS = new Set([
  "кто", "что", "где", "куда", "откуда", "когда", "как", "какой", "какая", "какое", "какие",
  "каким", "какого", "чей", "чья", "чьё", "чьи", "сколько", "почему", "зачем", "отчего",
]);
const PRONOUN_PARTICLE = /^(?:нибудь|либо|то)(?![\p{L}])/u;
const ALWAYS_HYPHENATED_PREFIX = new Set(["кое", "кой"]);

/** Ligatures, math letters, invisible characters and runs of spaces; keeps line breaks and soft hyphens. */
export function normalizeLine(text: string): string {
  return text
    .replace(/[\uFB00-\uFB06]/g, (ligature) => LIGATURES[ligature])
    .replace(MATH_ALPHANUMERIC, (letter) => letter.normalize("NFKC"))
    .replace(INVISIBLE, "")
    .replace(HORIZONTAL_SPACE, " ")
    .trim();
}

/** Normalises text for a block: one line, single spaces, no soft hyphens, NFC. */
export function normalizeText(text: string): string {
  return normalizeLine(text).replaceAll(SOFT_HYPHEN, "").replace(/\s+/g, " ").trim().normalize("NFC");
}

function keepsHyphen(left: string, right: string): boolean {
  const lastWord = /(\p{L}+)[-\u2010\u2011\u2013]$/u.exec(left)?.[1].toLowerCase() ?? "";
  if (ALWAYS_HYPHENATED_PREFIX.has(lastWord)) return true;
  return HYPHENATED_PRONOUNS.has(lastWord) && PRONOUN_PARTICLE.test(right);
}

function joinPair(left: string, right: string): string {
  if (left.endsWith(SOFT_HYPHEN)) return left.slice(0, -1) + right;
  if (LINE_END_HYPHEN.test(left)) {
    // A lowercase continuation is the rest of a hyphenated word; a capital or a digit after the
    // hyphen means a real compound or a range ("Москва-Петербург", "COVID-19") split by the line.
    if (/^\p{Ll}/u.test(right) && !keepsHyphen(left, right)) return left.slice(0, -1) + right;
    return left + right;
  }
  return `${left} ${right}`;
}

/** Joins the lines of one paragraph into one line, undoing end-of-line hyphenation. */
export function joinLines(lines: string[]): string {
  let joined = "";
  for (const line of lines) {
    const clean = normalizeLine(line);
    if (!clean) continue;
    joined = joined ? joinPair(joined, clean) : clean;
  }
  return joined.replaceAll(SOFT_HYPHEN, "").normalize("NFC");
}

const PAGE_NUMBER =
  /^(?:(?:стр(?:аница)?|с|page|p)\.?\s*)?[-–—]?\s*\d{1,4}\s*(?:(?:\/|из|of)\s*\d{1,4})?\s*[-–—]?$/i;

/** A line that is only a page number: "7", "7/29", "- 7 -", "стр. 7 из 29", "Page 7 of 29". */
export function isPageNumberLine(text: string): boolean {
  return PAGE_NUMBER.test(normalizeText(text));
}

// Running headers repeat with a changing number ("Глава 2 — 14"), so lines are compared without digits.
function furnitureKey(text: string): string {
  return normalizeText(text).toLowerCase().replace(/\d+/g, "#");
}

const EDGE_LINES = 2;

/**
 * Removes page furniture from per-page lines: page-number lines at the top or bottom of a page, and
 * lines repeated at the top or bottom of at least half of the pages (running headers and footers).
 */
export function dropPageFurniture<T extends { text: string }>(pages: T[][]): T[][] {
  const edgeCounts = new Map<string, number>();
  for (const lines of pages) {
    const edges = new Set([...lines.slice(0, EDGE_LINES), ...lines.slice(-EDGE_LINES)].map((line) => furnitureKey(line.text)));
    for (const key of edges) edgeCounts.set(key, (edgeCounts.get(key) ?? 0) + 1);
  }
  const repeated = (line: T) =>
    pages.length >= 3 && (edgeCounts.get(furnitureKey(line.text)) ?? 0) >= Math.max(3, pages.length / 2);
  const isFurniture = (line: T) => isPageNumberLine(line.text) || repeated(line);

  return pages.map((lines) => {
    let start = 0;
    let end = lines.length;
    while (start < Math.min(EDGE_LINES, end) && isFurniture(lines[start])) start++;
    while (end > Math.max(start, lines.length - EDGE_LINES) && isFurniture(lines[end - 1])) end--;
    return lines.slice(start, end);
  });
}
