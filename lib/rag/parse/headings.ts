import type { BlockKind, ParsedBlock } from "./types";

/** Keeps the chain of enclosing headings while a parser walks a document from top to bottom. */
export class HeadingTracker {
  private readonly stack: { level: number; text: string }[] = [];

  /** Opens a section: a heading closes every open section at its level or deeper. */
  heading(level: number, text: string, page: number | null = null): ParsedBlock {
    while (this.stack.length > 0 && this.stack[this.stack.length - 1].level >= level) this.stack.pop();
    this.stack.push({ level, text });
    return this.block("heading", text, page);
  }

  block(kind: BlockKind, text: string, page: number | null = null): ParsedBlock {
    return { kind, text, page, headingPath: this.stack.map((heading) => heading.text) };
  }
}

/** The first outermost heading, which is how Markdown and HTML documents usually state their title. */
export function firstTopHeading(blocks: ParsedBlock[]): string | null {
  return blocks.find((block) => block.kind === "heading" && block.headingPath.length === 1)?.text ?? null;
}
