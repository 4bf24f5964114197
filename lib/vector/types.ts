/** The three collections: course materials, FAQ answers, organisational answers. */
export const COLLECTIONS = ["course", "faq", "org"] as const;
export type CollectionKind = (typeof COLLECTIONS)[number];

/** What a point carries besides its vector: enough to cite it without reading the database. */
export type PointPayload = {
  /** null: applies to every course (global FAQ and organisational entries). */
  courseId: string | null;
  /** Set for course materials. */
  documentId: string | null;
  /** Set for FAQ and organisational entries. */
  entryId: string | null;
  /** Document title, or the entry's question. */
  title: string;
  /** 1-based PDF page the passage starts on. */
  page: number | null;
  /** Heading path, e.g. "Лекция 2 › Основные типы". */
  section: string | null;
  /** Index of the passage within its document (0 for entries). */
  position: number;
  /** The passage itself; also what lexical search matches. */
  text: string;
};

export type VectorPoint = { id: string; vector: number[]; payload: PointPayload };

export type SearchQuery = {
  vector: number[];
  /** The question as typed, for the lexical half of hybrid search. */
  text: string;
  /** Hits of this course and global ones (courseId null). */
  courseId: string;
  limit: number;
};

export type SearchHit = {
  id: string;
  payload: PointPayload;
  /** Reciprocal-rank fusion of the dense and lexical rankings; orders hits, not comparable across queries. */
  score: number;
  /** Cosine similarity between query and point vectors (-1..1): the relevance gate. */
  similarity: number;
};

export type CountFilter = { courseId?: string; documentId?: string; entryId?: string };

/** A vector store with hybrid (dense + lexical) search. Implementations: LanceDB and Qdrant. */
export interface VectorStore {
  readonly kind: "lancedb" | "qdrant";
  /** Creates missing collections for vectors of this size; rejects when existing ones differ in size. */
  ensureCollections(dimension: number): Promise<void>;
  /** Inserts or replaces points by id. */
  upsert(collection: CollectionKind, points: VectorPoint[]): Promise<void>;
  /** Removes every point of a document. */
  deleteDocument(collection: CollectionKind, documentId: string): Promise<void>;
  /** Removes every point of a FAQ or organisational entry. */
  deleteEntry(collection: CollectionKind, entryId: string): Promise<void>;
  /** Hybrid search filtered by course, best first, at most `limit` hits. */
  search(collection: CollectionKind, query: SearchQuery): Promise<SearchHit[]>;
  count(collection: CollectionKind, filter?: CountFilter): Promise<number>;
  close(): Promise<void>;
}

/** Fuses rankings by reciprocal rank (Cormack et al.), the same formula Qdrant's RRF uses. */
export const RRF_K = 60;
