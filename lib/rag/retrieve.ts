import type { DocumentType, PrismaClient, QaKind } from "@/lib/generated/prisma/client";
import type { EmbedTexts } from "@/lib/embeddings/embed-texts";
import type { SpaceTracker } from "@/lib/embeddings/space";
import { fuseRankings } from "@/lib/vector/fusion";
import type { PointPayload } from "@/lib/vector/payload";
import { COLLECTIONS, type CollectionKind, type VectorSpace, type VectorStore } from "@/lib/vector/types";
import { courseFloors, type CourseFloors } from "./calibration/floors";
import { passageShare, questionTerms } from "./term-share";

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
  /** Cosine similarity to the question when dense search found it above the course's floor, else null. */
  similarity: number | null;
  /** BM25 score when full-text search found it with enough of the question's words, else null. */
  lexicalScore: number | null;
  /** Share of the question's terms the passage contains (0–1), whichever search found it. */
  termShare: number;
  /** Rank-fusion score of the rankings that found it: the order. */
  score: number;
};

/** hybrid: dense and full-text search fused; lexical: full text alone. */
export type SearchMode = "hybrid" | "lexical";

export type RetrieveOptions = {
  courseId: string;
  query: string;
  k: number;
  /** "lexical" never calls the embedder; "hybrid" (the default) falls back to lexical when it cannot be used. */
  mode?: SearchMode;
};

export type Retrieval = {
  passages: RetrievedPassage[];
  /** What actually ran: lexical when the embedder is down or the course has no calibrated vectors of its model. */
  mode: SearchMode;
  /** The floors the hits passed: dense is null when dense search did not take part. */
  floors: { lexical: number; dense: number | null };
};

export type RetrieveDeps = { db: PrismaClient; store: VectorStore; embed: EmbedTexts; spaces: SpaceTracker; config: { EMBEDDINGS_QUERY_TIMEOUT_MS: number } };

/** Each ranking looks this many times deeper than asked, so fusion has candidates from both sides. */
const CANDIDATE_FACTOR = 4;
const SNIPPET_CHARS = 240;

export function snippetOf(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= SNIPPET_CHARS) return flat;
  const cut = flat.slice(0, SNIPPET_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), SNIPPET_CHARS - 40))}…`;
}

type Found = { source: CollectionKind; id: string; payload: PointPayload; similarity: number | null; lexicalScore: number | null };

/**
 * The question's vector in the embedder's current space, or null when dense search cannot run:
 * the embedder is down or slow (the answer then comes from the lexical index instead of an error),
 * or the course has no floor for that model yet.
 */
async function queryVector(deps: RetrieveDeps, query: string, floors: CourseFloors): Promise<{ space: VectorSpace; vector: number[]; floor: number } | null> {
  const space = await deps.spaces.current();
  const floor = space ? floors.dense(space.key) : undefined;
  if (!space || floor === undefined) return null;
  try {
    const [vector] = await deps.embed([query], "query", { abortSignal: AbortSignal.timeout(deps.config.EMBEDDINGS_QUERY_TIMEOUT_MS), maxRetries: 0 });
    if (vector.length === space.dimension) return { space, vector, floor };
  } catch {
    // Down or too slow: the tracker notices on its next probe; this question is answered lexically.
  }
  deps.spaces.invalidate();
  return null;
}

/**
 * Finds the passages that answer a question: full-text search in the course materials, FAQ and
 * organisational collections, plus dense search in the current model's space when it can run.
 * Each ranking keeps only hits above the course's calibrated floor for its kind of evidence (cosine
 * similarity; the share of the question's words a passage has, ranked by BM25), then
 * the rankings are fused, so a passage found by words alone counts as much as one found by
 * meaning. Materials whose document is not READY (being re-indexed, failed, deleted) and entries
 * no longer in the database are never returned, so nothing half-indexed or removed is served.
 */
export async function retrieve(deps: RetrieveDeps, options: RetrieveOptions): Promise<Retrieval> {
  const { courseId, query, k } = options;
  const depth = k * CANDIDATE_FACTOR;
  const floors = await courseFloors(deps.db, courseId);
  const [dense, lexicalLists] = await Promise.all([
    options.mode === "lexical" ? null : queryVector(deps, query, floors),
    Promise.all(COLLECTIONS.map((c) => deps.store.lexicalSearch(c, { text: query, courseId, limit: depth }))),
  ]);
  const denseLists = dense
    ? await Promise.all(COLLECTIONS.map((c) => deps.store.denseSearch(c, dense.space, { vector: dense.vector, courseId, limit: depth })))
    : [];

  const found = new Map<string, Found>();
  const note = (source: CollectionKind, id: string, payload: PointPayload, extra: Partial<Found>) => {
    const known = found.get(id) ?? { source, id, payload, similarity: null, lexicalScore: null };
    found.set(id, { ...known, ...extra });
  };
  const rankings: string[][] = [];
  const terms = questionTerms(query);
  lexicalLists.forEach((hits, i) => {
    const passing = hits.filter((hit) => passageShare(terms, hit) > floors.lexical);
    passing.forEach((hit) => note(COLLECTIONS[i], hit.id, hit.payload, { lexicalScore: hit.score }));
    rankings.push(passing.map((hit) => hit.id));
  });
  denseLists.forEach((hits, i) => {
    const passing = hits.filter((hit) => hit.similarity > dense!.floor);
    passing.forEach((hit) => note(COLLECTIONS[i], hit.id, hit.payload, { similarity: hit.similarity }));
    rankings.push(passing.map((hit) => hit.id));
  });
  // Equal fused scores (each first in its own collection, say) go to the passage that has more of
  // the question's words, then to the closer one in meaning.
  const fused = fuseRankings(rankings)
    .map(({ id, score }) => ({ ...found.get(id)!, score, termShare: passageShare(terms, found.get(id)!) }))
    .sort((a, b) => b.score - a.score || b.termShare - a.termShare || (b.similarity ?? -1) - (a.similarity ?? -1));

  const documentIds = [...new Set(fused.flatMap((f) => (f.payload.documentId ? [f.payload.documentId] : [])))];
  const entryIds = [...new Set(fused.flatMap((f) => (f.payload.entryId ? [f.payload.entryId] : [])))];
  // One statement each rather than an ORM call: this runs before every answer's first token.
  const [readyDocuments, liveEntries] = await Promise.all([
    documentIds.length === 0
      ? []
      : deps.db.$queryRaw<{ id: string; type: DocumentType }[]>`
          SELECT id, type FROM "Document" WHERE id = ANY(${documentIds}) AND "courseId" = ${courseId} AND status = 'READY'`,
    entryIds.length === 0
      ? []
      : deps.db.$queryRaw<{ id: string; kind: QaKind }[]>`
          SELECT id, kind FROM "QaEntry" WHERE id = ANY(${entryIds}) AND ("courseId" IS NULL OR "courseId" = ${courseId})`,
  ]);
  const ready = new Map(readyDocuments.map((d) => [d.id, d.type]));
  const live = new Map(liveEntries.map((e) => [e.id, e.kind]));
  // A point outlives its row when a delete or a failed import could not reach the store: only what
  // PostgreSQL still holds, in the collection of its kind, is served.
  const current = (f: Found) =>
    f.payload.documentId !== null
      ? ready.has(f.payload.documentId)
      : f.payload.entryId !== null && live.get(f.payload.entryId) === (f.source === "faq" ? "FAQ" : "ORGANIZATION");
  const passages = fused
    .filter(current)
    .slice(0, k)
    .map((f): RetrievedPassage => ({
      id: f.id,
      source: f.source,
      documentId: f.payload.documentId,
      entryId: f.payload.entryId,
      title: f.payload.title,
      page: f.payload.page,
      section: f.payload.section,
      snippet: snippetOf(f.payload.text),
      text: f.payload.text,
      documentType: f.payload.documentId === null ? null : ready.get(f.payload.documentId)!,
      similarity: f.similarity,
      lexicalScore: f.lexicalScore,
      termShare: f.termShare,
      score: f.score,
    }));
  return { passages, mode: dense ? "hybrid" : "lexical", floors: { lexical: floors.lexical, dense: dense?.floor ?? null } };
}
