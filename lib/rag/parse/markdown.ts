import { Lexer, type Token, type Tokens } from "marked";
import { TextNode, parse as parseHtmlFragment } from "node-html-parser";
import { HeadingTracker, firstTopHeading } from "./headings";
import { normalizeText } from "./repair";
import type { ParsedBlock, ParsedDocument } from "./types";

// YAML front matter is metadata for site generators, not course text.
const FRONT_MATTER = /^---\r?\n[\s\S]*?\r?\n---\r?\n/;

/** Plain text of a token: emphasis and links keep their words; inline HTML tags and images disappear. */
function tokenText(token: Token): string {
  if (token.type === "html" || token.type === "checkbox" || token.type === "image") return "";
  if (token.type === "br") return " ";
  if ("tokens" in token && token.tokens) return inlineText(token.tokens);
  // The lexer leaves character references ("&laquo;") as written; a text node decodes them.
  if (token.type === "text") return new TextNode(String(token.text)).text;
  return "text" in token ? String(token.text) : "";
}

function inlineText(tokens: Token[]): string {
  return tokens.map(tokenText).join("");
}

function listItemText(item: Tokens.ListItem): string {
  return item.tokens
    .filter((token) => token.type !== "list")
    .map(tokenText)
    .join(" ");
}

class MarkdownWalker {
  readonly blocks: ParsedBlock[] = [];
  private readonly headings = new HeadingTracker();

  walk(tokens: Token[]): void {
    for (const token of tokens) this.token(token);
  }

  private push(kind: ParsedBlock["kind"], raw: string): void {
    const text = normalizeText(raw);
    if (text) this.blocks.push(this.headings.block(kind, text));
  }

  private token(token: Token): void {
    switch (token.type) {
      case "heading": {
        const text = normalizeText(inlineText(token.tokens ?? []));
        if (text) this.blocks.push(this.headings.heading(token.depth, text));
        return;
      }
      case "paragraph":
      case "text":
        return this.push("paragraph", tokenText(token));
      case "list":
        return this.list(token as Tokens.List);
      case "code": {
        const text = String(token.text).trimEnd();
        if (text.trim()) this.blocks.push(this.headings.block("code", text));
        return;
      }
      case "table":
        return this.table(token as Tokens.Table);
      case "blockquote":
        return this.walk(token.tokens ?? []);
      case "html":
        return this.html(String(token.text));
    }
  }

  private list(list: Tokens.List): void {
    const start = typeof list.start === "number" ? list.start : 1;
    list.items.forEach((item, index) => {
      const marker = list.ordered ? `${start + index}.` : "-";
      const text = normalizeText(listItemText(item));
      if (text) this.blocks.push(this.headings.block("list", `${marker} ${text}`));
      for (const nested of item.tokens) if (nested.type === "list") this.list(nested as Tokens.List);
    });
  }

  private table(table: Tokens.Table): void {
    const row = (cells: Tokens.TableCell[]) => cells.map((cell) => normalizeText(inlineText(cell.tokens))).join(" | ");
    this.blocks.push(this.headings.block("table", [row(table.header), ...table.rows.map(row)].join("\n")));
  }

  /**
   * Raw HTML and MDX components (`<Tip>`, `<Youtube />`) wrap Markdown that readers see, so the tags
   * go and what they enclose is read again as Markdown.
   */
  private html(raw: string): void {
    const inner = parseHtmlFragment(raw, { comment: false }).text.trim();
    if (inner) this.walk(new Lexer({ gfm: true }).lex(inner));
  }
}

export function parseMarkdown(source: string): ParsedDocument {
  const walker = new MarkdownWalker();
  walker.walk(new Lexer({ gfm: true }).lex(source.replace(FRONT_MATTER, "")));
  return { title: firstTopHeading(walker.blocks), pageCount: null, blocks: walker.blocks };
}
