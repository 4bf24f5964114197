import type { DocumentType, PrismaClient } from "@/lib/generated/prisma/client";
import type { CollectionKind, SearchHit, VectorStore } from "@/lib/vector/types";
import type { EmbedTexts } from "./embed-types";

export type Citation = {
  source: CollectionKind;
  documentId: string | null;
  entryId: string | null;
  title: string;
  page: number | null;
  section: string | null;
  /** The first words of the passage, for a citation preview. */
  snippet: string;
};

export type RetrievedPassage = Citation & {
  id: string;
  /** The cited document's format (PDF opens at a page, Markdown at a section); null for entries. */
  documentType: DocumentType | null;
  text: string;
  /** Cosine similarity to the question: the relevance gate. */
  similarity: number;
  /** Rank-fusion score of dense and lexical search: the order. */
  score: number;
};

export type RetrieveOptions = { courseId: string; query: string; k: number; minScore: number };

export type RetrieveDeps = { db: PrismaClient; store: VectorStore; embed: EmbedTexts };

const SNIPPET_CHARS = 240;

export function snippetOf(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= SNIPPET_CHARS) return flat;
  const cut = flat.slice(0, SNIPPET_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), SNIPPET_CHARS - 40))}…`;
}

function toPassage(source: CollectionKind, hit: SearchHit): Omit<RetrievedPassage, "documentType"> {
  const { payload } = hit;
  return {
    id: hit.id,
    source,
    documentId: payload.documentId,
    entryId: payload.entryId,
    title: payload.title,
    page: payload.page,
    section: payload.section,
    snippet: snippetOf(payload.text),
    text: payload.text,
    similarity: hit.similarity,
    score: hit.score,
  };
}

/**
 * Finds the passages that answer a question: hybrid search in the course materials, FAQ and
 * organisational collections, each hit gated by its similarity to the question. Materials whose
 * document is not READY (being re-indexed, failed, deleted) are never returned, so nothing
 * half-indexed is served.
 */
export async function retrieve(deps: RetrieveDeps, options: RetrieveOptions): Promise<RetrievedPassage[]> {
  const [vector] = await deps.embed([options.query], "query");
  const query = { vector, text: options.query, courseId: options.courseId, limit: options.k };
  const collections: CollectionKind[] = ["course", "faq", "org"];
  const results = await Promise.all(collections.map((c) => deps.store.search(c, query)));
  const relevant = results.flatMap((hits, i) =>
    hits.filter((hit) => hit.similarity >= options.minScore).map((hit) => toPassage(collections[i], hit)),
  );
  const documentIds = [...new Set(relevant.flatMap((p) => (p.documentId ? [p.documentId] : [])))];
  const ready = new Map(
    documentIds.length === 0
      ? []
      : (
          // One statement rather than an ORM call: this runs before every answer's first token.
          await deps.db.$queryRaw<{ id: string; type: DocumentType }[]>`
            SELECT id, type FROM "Document" WHERE id = ANY(${documentIds}) AND "courseId" = ${options.courseId} AND status = 'READY'`
        ).map((d) => [d.id, d.type]),
  );
  return relevant
    .filter((p) => p.documentId === null || ready.has(p.documentId))
    .map((p) => ({ ...p, documentType: p.documentId === null ? null : ready.get(p.documentId)! }))
    // Fused scores are rank-based, so they compare across collections; similarity breaks ties.
    .sort((a, b) => b.score - a.score || b.similarity - a.similarity)
    .slice(0, options.k);
}
