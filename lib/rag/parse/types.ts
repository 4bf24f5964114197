export type BlockKind = "heading" | "paragraph" | "list" | "table" | "code";

export type ParsedBlock = {
  kind: BlockKind;
  /** Clean text, line breaks inside paragraphs repaired. */
  text: string;
  /** 1-based page for PDFs, null otherwise. */
  page: number | null;
  /** Enclosing headings, outermost first (for a heading block: its parents plus itself). */
  headingPath: string[];
};

export type ParsedDocument = { title: string | null; pageCount: number | null; blocks: ParsedBlock[] };

export type ParseFailureCode =
  | "unsupported_type"
  | "content_mismatch"
  | "empty_file"
  | "empty_document"
  | "corrupt_file"
  | "encrypted_pdf"
  | "too_large"
  | "too_many_pages"
  | "zip_bomb"
  | "too_much_text"
  | "parse_timeout"
  | "parse_memory";

export class ParseError extends Error {
  constructor(
    readonly code: ParseFailureCode,
    message: string,
  ) {
    super(message);
    this.name = "ParseError";
  }
}
