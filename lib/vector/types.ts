import type { PointPayload } from "./payload";
import type { CountFilter, DenseHit, DenseQuery, LexicalHit, LexicalQuery } from "./search";

/** The three collections: course materials, FAQ answers, organisational answers. */
export const COLLECTIONS = ["course", "faq", "org"] as const;
export type CollectionKind = (typeof COLLECTIONS)[number];

/**
 * A passage in the lexical index. Passages are written as soon as a file is parsed, with no
 * embedder, so a document is searchable by its words before (or without) any vector.
 */
export type Passage = { id: string; payload: PointPayload };

/**
 * Where one embedding model's vectors live. Vectors of different models are never compared: each
 * model (identified by a fingerprint of its vectors, `key`) gets collections of its own.
 */
export type VectorSpace = { key: string; dimension: number };

/** A passage's vector in one space; the payload is kept beside it so a dense hit cites itself. */
export type VectorPoint = { id: string; vector: number[]; payload: PointPayload };

/**
 * The knowledge base's index: a lexical (full-text, BM25) collection of passages per kind, plus,
 * for each embedding space, a dense collection per kind. Implementations: LanceDB and Qdrant.
 */
export interface VectorStore {
  readonly kind: "lancedb" | "qdrant";
  /** Creates the passage collections when missing; needs no embedder. */
  ensurePassages(): Promise<void>;
  /** Inserts or replaces passages by id. */
  upsertPassages(collection: CollectionKind, passages: Passage[]): Promise<void>;
  /** Creates the space's dense collections when missing; rejects when existing ones differ in size. */
  ensureSpace(space: VectorSpace): Promise<void>;
  /** Inserts or replaces vectors of one space by id. */
  upsertVectors(collection: CollectionKind, space: VectorSpace, points: VectorPoint[]): Promise<void>;
  /** Removes a document's passages and its vectors in every space. */
  deleteDocument(collection: CollectionKind, documentId: string): Promise<void>;
  /** Removes an entry's passage and its vectors in every space. */
  deleteEntry(collection: CollectionKind, entryId: string): Promise<void>;
  /** Full-text search filtered by course, best first, at most `limit` hits. */
  lexicalSearch(collection: CollectionKind, query: LexicalQuery): Promise<LexicalHit[]>;
  /** Nearest vectors of one space filtered by course, best first; empty when the space has none yet. */
  denseSearch(collection: CollectionKind, space: VectorSpace, query: DenseQuery): Promise<DenseHit[]>;
  /** Passages matching the filter, or with a space, the vectors in it. */
  count(collection: CollectionKind, filter?: CountFilter, space?: VectorSpace): Promise<number>;
  close(): Promise<void>;
}
