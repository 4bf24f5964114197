import { createRequire } from "node:module";
import path from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { PDFDocumentProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { TextItem, TextMarkedContent } from "pdfjs-dist/types/src/display/api";
import { HeadingTracker } from "./headings";
import { LIST_MARKER, dropPageFurniture, joinLines, normalizeText } from "./repair";
import { ParseError, type BlockKind, type ParsedBlock, type ParsedDocument } from "./types";

/** One visual line of a page, rebuilt from pdf.js text items. */
type PdfLine = { text: string; x: number; y: number; height: number; page: number };

// pdf.js reads these from disk in Node; without them it warns and guesses metrics for the 14 standard fonts.
const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
const PDFJS_ASSETS = {
  cMapUrl: path.join(pdfjsRoot, "cmaps") + path.sep,
  cMapPacked: true,
  standardFontDataUrl: path.join(pdfjsRoot, "standard_fonts") + path.sep,
};

// Headings are set larger than body text; 15 % separates them from rounding noise in font sizes.
const HEADING_SCALE = 1.15;
const MAX_HEADING_CHARS = 150;
// A gap this much wider than the usual line spacing separates paragraphs.
const PARAGRAPH_GAP = 1.25;

function isTextItem(item: TextItem | TextMarkedContent): item is TextItem {
  return "str" in item;
}

function round(value: number): number {
  return Math.round(value * 2) / 2;
}

async function pageLines(pdf: PDFDocumentProxy, pageNumber: number): Promise<PdfLine[]> {
  const page = await pdf.getPage(pageNumber);
  const content = await page.getTextContent();
  page.cleanup();
  const lines: PdfLine[] = [];
  let current: (PdfLine & { right: number }) | null = null;
  let breakBefore = false;

  for (const item of content.items.filter(isTextItem)) {
    const [, , , , x, y] = item.transform as number[];
    if (item.str.length > 0) {
      const height = item.height;
      // Sub- and superscripts sit a little off the baseline but belong to the same line.
      const sameLine = current && !breakBefore && Math.abs(current.y - y) < 0.5 * Math.max(current.height, height, 1);
      if (current && sameLine) {
        const gap = x - current.right;
        const needsSpace = gap > 0.2 * Math.max(current.height, 1) && !current.text.endsWith(" ") && !item.str.startsWith(" ");
        current.text += (needsSpace ? " " : "") + item.str;
        current.right = Math.max(current.right, x + item.width);
        if (height > 0) current.height = Math.max(current.height, height);
      } else {
        current = { text: item.str, x, y, height, page: pageNumber, right: x + item.width };
        lines.push(current);
      }
      breakBefore = false;
    }
    if (item.hasEOL) breakBefore = true;
  }
  return lines.filter((line) => line.text.trim().length > 0);
}

/** The key with the largest tally. */
function mostCommon(tally: Map<number, number>): number | undefined {
  return [...tally].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** The font size of body text: the size that carries the most characters, so headings and captions lose. */
function bodyTextHeight(lines: PdfLine[]): number {
  const characters = new Map<number, number>();
  for (const line of lines) characters.set(round(line.height), (characters.get(round(line.height)) ?? 0) + line.text.length);
  return mostCommon(characters) ?? 0;
}

/** The usual distance between consecutive body-text lines on a page. */
function lineSpacing(lines: PdfLine[], bodyHeight: number): number {
  const gaps = new Map<number, number>();
  for (let index = 1; index < lines.length; index++) {
    const [previous, line] = [lines[index - 1], lines[index]];
    const gap = round(previous.y - line.y);
    if (previous.page === line.page && gap > 0 && round(line.height) === bodyHeight) {
      gaps.set(gap, (gaps.get(gap) ?? 0) + 1);
    }
  }
  return mostCommon(gaps) ?? bodyHeight * 1.2;
}

type Draft = { kind: BlockKind; lines: PdfLine[]; level: number };

/** Groups lines into headings, list items and paragraphs using font size, spacing and list markers. */
function buildBlocks(pages: PdfLine[][]): ParsedBlock[] {
  const all = pages.flat();
  const bodyHeight = bodyTextHeight(all);
  const isHeadingLine = (line: PdfLine) =>
    line.height >= bodyHeight * HEADING_SCALE && line.text.length <= MAX_HEADING_CHARS && /\p{L}{3,}/u.test(line.text);
  const headingSizes = [...new Set(all.filter(isHeadingLine).map((line) => round(line.height)))].sort((a, b) => b - a);
  const levels = new Map(headingSizes.map((size, index) => [size, index + 1]));
  const spacing = lineSpacing(all, bodyHeight);

  const drafts: Draft[] = [];
  let draft: Draft | null = null;
  for (const line of all) {
    const level = isHeadingLine(line) ? (levels.get(round(line.height)) ?? 0) : 0;
    const kind: BlockKind = level > 0 ? "heading" : LIST_MARKER.test(line.text.trim()) ? "list" : "paragraph";
    if (!draft || startsNewBlock(draft, line, kind, level, spacing)) {
      draft = { kind, lines: [line], level };
      drafts.push(draft);
    } else {
      draft.lines.push(line);
    }
  }

  const headings = new HeadingTracker();
  const blocks: ParsedBlock[] = [];
  for (const { kind, lines, level } of drafts) {
    const text = joinLines(lines.map((line) => line.text));
    if (!text) continue;
    const page = lines[0].page;
    if (kind === "heading") {
      blocks.push(headings.heading(level, text, page));
      continue;
    }
    const previous = blocks[blocks.length - 1];
    if (kind === "paragraph" && previous?.kind === "paragraph" && previous.page === page && isFormulaFragment(text)) {
      previous.text += ` ${text}`;
      continue;
    }
    blocks.push(headings.block(kind, text, page));
  }
  return blocks;
}

/**
 * Display formulas come out as many short lines ("P (A) =", "3 6") at odd spacings; alone they are
 * noise, so they stay with the sentence that introduces them.
 */
function isFormulaFragment(text: string): boolean {
  return text.length <= 40 && !/\p{L}{4,}/u.test(text);
}

function startsNewBlock(draft: Draft, line: PdfLine, kind: BlockKind, level: number, spacing: number): boolean {
  const previous = draft.lines[draft.lines.length - 1];
  if (kind === "list" || level !== draft.level) return true;
  const endsSentence = /[.!?:;]$/.test(previous.text.trim());
  if (line.page !== previous.page) {
    // A paragraph carries over a page break when the new page starts mid-sentence.
    return draft.kind === "heading" || endsSentence || !/^\p{Ll}/u.test(line.text.trim());
  }
  const gap = previous.y - line.y;
  if (gap <= 0 || gap > spacing * PARAGRAPH_GAP) return true;
  if (Math.abs(line.height - previous.height) > 0.15 * previous.height) return true;
  const first = draft.lines[0];
  // A list item's wrapped lines are indented under its text; going left of the marker ends the item.
  if (draft.kind === "list" && line.x < first.x - 2) return true;
  // An indented first line after a finished sentence is the usual TeX and Word paragraph start.
  return draft.kind === "paragraph" && draft.lines.length > 1 && endsSentence && line.x > previous.x + line.height;
}

function pdfTitle(info: unknown, blocks: ParsedBlock[]): string | null {
  const fromInfo = typeof info === "object" && info !== null && "Title" in info ? String(info.Title) : "";
  const title = normalizeText(fromInfo);
  if (title) return title;
  return blocks.find((block) => block.kind === "heading" && block.page === 1)?.text ?? null;
}

function loadFailure(error: unknown): ParseError {
  const name = error instanceof Error ? error.name : "";
  if (name === "PasswordException") {
    return new ParseError("encrypted_pdf", "The PDF is password-protected; upload a copy without a password.");
  }
  if (name === "InvalidPDFException") {
    return new ParseError("corrupt_file", "The PDF is damaged and cannot be read; export or download it again and re-upload.");
  }
  return new ParseError("corrupt_file", "The PDF could not be read; it may be damaged, so export or download it again and re-upload.");
}

export async function parsePdf(bytes: Uint8Array, maxPages: number): Promise<ParsedDocument> {
  // pdf.js refuses Node Buffers and transfers the array it is given, so it gets a plain copy.
  const task = getDocument({ data: new Uint8Array(bytes), ...PDFJS_ASSETS, isEvalSupported: false, verbosity: 0 });
  try {
    const pdf = await task.promise.catch((error: unknown) => {
      throw loadFailure(error);
    });
    if (pdf.numPages > maxPages) {
      throw new ParseError(
        "too_many_pages",
        `The PDF has ${pdf.numPages} pages, more than the limit of ${maxPages}; split it into smaller files.`,
      );
    }
    const pages: PdfLine[][] = [];
    for (let pageNumber = 1; pageNumber <= pdf.numPages; pageNumber++) {
      pages.push(await pageLines(pdf, pageNumber).catch((error: unknown) => {
        throw loadFailure(error);
      }));
    }
    const blocks = buildBlocks(dropPageFurniture(pages));
    if (blocks.length === 0) {
      throw new ParseError(
        "empty_document",
        "The PDF has no text layer (it is probably a scan); upload a PDF with selectable text or run OCR on it first.",
      );
    }
    const { info } = await pdf.getMetadata();
    return { title: pdfTitle(info, blocks), pageCount: pdf.numPages, blocks };
  } finally {
    await task.destroy();
  }
}
