import { LIST_MARKER, joinLines } from "./repair";
import type { ParsedBlock, ParsedDocument } from "./types";

/**
 * Plain text: blank lines separate paragraphs, a list marker starts an item, and hard-wrapped lines
 * are joined the same way as PDF lines, since such files are often copied out of PDFs.
 */
export function parseText(source: string): ParsedDocument {
  const blocks: ParsedBlock[] = [];
  for (const paragraph of source.replace(/\r\n?/g, "\n").split(/\n[ \t]*\n/)) {
    const groups: string[][] = [];
    for (const line of paragraph.split("\n")) {
      if (groups.length === 0 || LIST_MARKER.test(line.trim())) groups.push([]);
      groups[groups.length - 1].push(line);
    }
    for (const lines of groups) {
      const text = joinLines(lines);
      const kind = LIST_MARKER.test(lines[0].trim()) ? "list" : "paragraph";
      if (text) blocks.push({ kind, text, page: null, headingPath: [] });
    }
  }
  return { title: null, pageCount: null, blocks };
}
