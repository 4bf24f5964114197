import type { SourceDocumentUIPart, SourceUrlUIPart } from "ai";
import { headingAnchor } from "@/lib/documents/anchors";
import type { DocumentType } from "@/lib/generated/prisma/client";
import { SECTION_SEPARATOR } from "@/lib/rag/chunk";
import type { Citation, RetrievedPassage } from "@/lib/rag/retrieve";

/** What is stored in Message.citations and sent to the browser: the numbered sources of one answer. */
export type StoredCitation = Citation & {
  n: number;
  /** Cosine similarity to the question; null when full-text search alone found it. */
  similarity: number | null;
  /** Where the citation opens: the PDF at its page, the Markdown document at its section, or null (FAQ). */
  url: string | null;
};

/** Opens a cited passage: PDFs at the page (the browser viewer's #page=N), Markdown at the section heading. */
export function citationUrl(documentId: string, type: DocumentType | undefined, page: number | null, section: string | null): string {
  if (type === "PDF") return `/api/documents/${documentId}/file${page ? `#page=${page}` : ""}`;
  const heading = section?.split(SECTION_SEPARATOR).at(-1);
  return `/documents/${documentId}${heading ? `#${headingAnchor(heading)}` : ""}`;
}

export function toCitations(passages: RetrievedPassage[]): StoredCitation[] {
  return passages.map((p, i) => ({
    n: i + 1,
    source: p.source,
    documentId: p.documentId,
    entryId: p.entryId,
    title: p.title,
    page: p.page,
    section: p.section,
    snippet: p.snippet,
    similarity: p.similarity,
    url: p.documentId ? citationUrl(p.documentId, p.documentType ?? undefined, p.page, p.section) : null,
  }));
}

/** A citation as the message part that shows it, live and stored alike: a link to the document, or the FAQ entry by its title. */
export function sourcePart(citation: StoredCitation): SourceUrlUIPart | SourceDocumentUIPart {
  return citation.url
    ? { type: "source-url", sourceId: String(citation.n), url: citation.url, title: citation.title }
    : { type: "source-document", sourceId: String(citation.n), mediaType: "text/plain", title: citation.title };
}
