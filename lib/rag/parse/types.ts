export type BlockKind = "heading" | "paragraph" | "list" | "table" | "code";

export type ParsedBlock = {
  kind: BlockKind;
  /** Clean text; line breaks inside paragraphs are repaired, code keeps its own lines. */
  text: string;
  /** 1-based page for PDFs, null for formats without pages. */
  page: number | null;
  /** Enclosing headings, outermost first; a heading block's path ends with the heading itself. */
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
  | "zip_bomb";

/** A file the knowledge base cannot ingest; the message is shown to course staff as the reason. */
export class ParseError extends Error {
  constructor(
    readonly code: ParseFailureCode,
    message: string,
  ) {
    super(message);
    this.name = "ParseError";
  }
}
