import { HTMLElement, TextNode, parse, type Node } from "node-html-parser";
import { normalizeText } from "./repair";
import { HeadingTracker, firstTopHeading } from "./headings";
import type { ParsedBlock, ParsedDocument } from "./types";

// Page chrome and non-text content: none of it is course material.
const SKIPPED = new Set(["script", "style", "noscript", "template", "nav", "head", "svg", "iframe", "object", "button", "select"]);
// Elements that end the running paragraph; their text never runs into a neighbour's.
const BLOCK_LEVEL = new Set([
  "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "div", "dl", "dt", "fieldset",
  "figcaption", "figure", "footer", "form", "header", "hgroup", "hr", "html", "li", "main", "ol", "p", "pre",
  "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
]);
const HEADING = /^h([1-6])$/;

/** The visible text of a node, with a space wherever a block or line break separates words. */
function textOf(node: Node, skip: (element: HTMLElement) => boolean = () => false): string {
  if (node instanceof TextNode) return node.text;
  if (!(node instanceof HTMLElement)) return "";
  const tag = node.tagName?.toLowerCase() ?? "";
  if (SKIPPED.has(tag) || skip(node)) return "";
  if (tag === "br") return " ";
  const inner = node.childNodes.map((child) => textOf(child, skip)).join("");
  return BLOCK_LEVEL.has(tag) ? ` ${inner} ` : inner;
}

const isList = (element: HTMLElement) => ["ul", "ol"].includes(element.tagName?.toLowerCase() ?? "");

/** Walks the DOM in reading order, turning headings, paragraphs, list items, tables and code into blocks. */
class HtmlWalker {
  readonly blocks: ParsedBlock[] = [];
  private readonly headings = new HeadingTracker();
  private inline = "";

  walk(node: Node): void {
    if (node instanceof TextNode) {
      this.inline += node.text;
      return;
    }
    if (!(node instanceof HTMLElement)) return;
    const tag = node.tagName?.toLowerCase() ?? "";
    if (SKIPPED.has(tag)) return;
    const heading = HEADING.exec(tag);
    if (heading) return this.heading(Number(heading[1]), textOf(node));
    if (tag === "p") return this.paragraph(textOf(node));
    if (tag === "ul" || tag === "ol") return this.list(node, tag === "ol");
    if (tag === "pre") return this.code(node.text);
    if (tag === "table") return this.table(node);
    if (tag === "br") {
      this.inline += " ";
      return;
    }
    if (BLOCK_LEVEL.has(tag)) this.flush();
    for (const child of node.childNodes) this.walk(child);
    if (BLOCK_LEVEL.has(tag)) this.flush();
  }

  /** Emits the text gathered from inline content that sat directly inside a container. */
  flush(): void {
    const text = normalizeText(this.inline);
    this.inline = "";
    if (text) this.blocks.push(this.headings.block("paragraph", text));
  }

  private heading(level: number, raw: string): void {
    this.flush();
    const text = normalizeText(raw);
    if (text) this.blocks.push(this.headings.heading(level, text));
  }

  private paragraph(raw: string): void {
    this.flush();
    const text = normalizeText(raw);
    if (text) this.blocks.push(this.headings.block("paragraph", text));
  }

  private list(list: HTMLElement, ordered: boolean): void {
    this.flush();
    const items = list.childNodes.filter(
      (child): child is HTMLElement => child instanceof HTMLElement && child.tagName?.toLowerCase() === "li",
    );
    items.forEach((item, index) => {
      // Nested lists become blocks of their own, so the item keeps only its own text.
      const text = normalizeText(textOf(item, isList));
      if (text) this.blocks.push(this.headings.block("list", `${ordered ? `${index + 1}.` : "-"} ${text}`));
      for (const nested of item.querySelectorAll("ul, ol").filter((element) => isDirectList(element, item))) {
        this.list(nested, nested.tagName.toLowerCase() === "ol");
      }
    });
  }

  private code(raw: string): void {
    this.flush();
    const text = raw.replace(/^\n/, "").trimEnd();
    if (text.trim()) this.blocks.push(this.headings.block("code", text));
  }

  private table(table: HTMLElement): void {
    this.flush();
    const rows = table
      .querySelectorAll("tr")
      .map((row) => row.querySelectorAll("th, td").map((cell) => normalizeText(textOf(cell))).join(" | "))
      .filter((row) => row.replace(/[|\s]/g, "").length > 0);
    if (rows.length > 0) this.blocks.push(this.headings.block("table", rows.join("\n")));
  }
}

/** A list nested in an item, not inside one of the item's own nested lists (those recurse themselves). */
function isDirectList(list: HTMLElement, item: HTMLElement): boolean {
  for (let parent = list.parentNode; parent && parent !== item; parent = parent.parentNode) {
    if (isList(parent)) return false;
  }
  return true;
}

export function parseHtml(html: string): ParsedDocument {
  // <pre> is parsed as markup, unlike the library default, so that <code> inside it is not kept as text.
  const root = parse(html, { comment: false, blockTextElements: { script: true, style: true, noscript: true } });
  const walker = new HtmlWalker();
  walker.walk(root.querySelector("body") ?? root);
  walker.flush();
  const title = normalizeText(root.querySelector("title")?.text ?? "") || firstTopHeading(walker.blocks);
  return { title, pageCount: null, blocks: walker.blocks };
}
