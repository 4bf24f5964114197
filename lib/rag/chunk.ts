import type { ParsedBlock, ParsedDocument } from "./parse/types";
import { estimateTokens } from "./tokens";

export type Chunk = {
  /** The passage as stored, cited and matched lexically. */
  text: string;
  /** Page the passage's new text starts on (PDF), else null. */
  page: number | null;
  /** Heading path joined with " › ", or null outside any heading. */
  section: string | null;
  /** Index within the document, from 0: part of the point id. */
  position: number;
};

export type ChunkOptions = { maxTokens: number; overlapTokens: number };

export const DEFAULT_CHUNKING: ChunkOptions = { maxTokens: 300, overlapTokens: 50 };

type Piece = { text: string; page: number | null; tokens: number };

export const SECTION_SEPARATOR = " › ";

/** Splits text into sentences, then words, until every piece fits the budget. */
function splitToFit(text: string, maxTokens: number): string[] {
  if (estimateTokens(text) <= maxTokens) return [text];
  const sentences = text.match(/[^.!?…]+(?:[.!?…]+["»”)]*|$)\s*/gu)?.map((s) => s.trim()).filter(Boolean) ?? [text];
  if (sentences.length > 1) return sentences.flatMap((s) => splitToFit(s, maxTokens));
  const words = text.split(/\s+/);
  const parts: string[] = [];
  let current: string[] = [];
  for (const word of words) {
    if (current.length > 0 && estimateTokens([...current, word].join(" ")) > maxTokens) {
      parts.push(current.join(" "));
      current = [];
    }
    current.push(word);
  }
  if (current.length > 0) parts.push(current.join(" "));
  return parts;
}

/** The trailing pieces of a chunk that fit the overlap budget, carried into the next chunk. */
function overlapTail(pieces: Piece[], overlapTokens: number): Piece[] {
  const tail: Piece[] = [];
  let tokens = 0;
  for (let i = pieces.length - 1; i >= 0; i--) {
    if (tokens + pieces[i].tokens > overlapTokens) break;
    tail.unshift(pieces[i]);
    tokens += pieces[i].tokens;
  }
  return tail;
}

function sectionsOf(blocks: ParsedBlock[]): { path: string[]; blocks: ParsedBlock[] }[] {
  const sections: { path: string[]; blocks: ParsedBlock[] }[] = [];
  for (const block of blocks) {
    const path = block.headingPath;
    const last = sections.at(-1);
    if (last && block.kind !== "heading" && last.path.join("\u0000") === path.join("\u0000")) last.blocks.push(block);
    else sections.push({ path, blocks: block.kind === "heading" ? [] : [block] });
  }
  return sections.filter((s) => s.blocks.length > 0);
}

/**
 * Structure-aware chunking: passages never straddle headings; within a section, paragraphs are
 * packed up to the token budget, long paragraphs split at sentences, and each passage after the
 * first repeats the tail of the previous one (overlap) so an answer cut at a border is still found.
 */
export function chunkDocument(document: ParsedDocument, options: ChunkOptions = DEFAULT_CHUNKING): Chunk[] {
  const chunks: Chunk[] = [];
  for (const section of sectionsOf(document.blocks)) {
    const sectionName = section.path.length > 0 ? section.path.join(SECTION_SEPARATOR) : null;
    const pieces: Piece[] = section.blocks.flatMap((block) =>
      splitToFit(block.text, options.maxTokens).map((text) => ({ text, page: block.page, tokens: estimateTokens(text) })),
    );
    let current: Piece[] = [];
    let fresh = 0;
    const emit = () => {
      chunks.push({
        text: current.map((p) => p.text).join("\n\n"),
        // The page where this passage's new text begins, not where its overlap came from.
        page: current[current.length - fresh].page,
        section: sectionName,
        position: chunks.length,
      });
    };
    for (const piece of pieces) {
      const tokens = current.reduce((sum, p) => sum + p.tokens, 0);
      if (fresh > 0 && tokens + piece.tokens > options.maxTokens) {
        emit();
        current = overlapTail(current, Math.min(options.overlapTokens, options.maxTokens - piece.tokens));
        fresh = 0;
      }
      current.push(piece);
      fresh++;
    }
    if (fresh > 0) emit();
  }
  return chunks;
}
