import { QdrantClient, type Schemas } from "@qdrant/js-client-rest";
import { z } from "zod";
import { documentSparseVector, querySparseVector } from "./lexical";
import { cosineSimilarity } from "./point-id";
import { fromStoredPayload, toStoredPayload } from "./stored-payload";
import {
  COLLECTIONS,
  RRF_K,
  type CollectionKind,
  type CountFilter,
  type SearchHit,
  type SearchQuery,
  type VectorPoint,
  type VectorStore,
} from "./types";

export type QdrantStoreOptions = {
  url: string;
  apiKey?: string;
  /** The Qdrant collection behind each kind (QDRANT_COLLECTION_COURSE, _FAQ, _ORG). */
  collections: Record<CollectionKind, string>;
};

/** Names of the two vectors every point carries. */
export const DENSE_VECTOR = "dense";
export const LEXICAL_VECTOR = "lexical";

/** Payload keys that filters use; each gets a keyword index. */
export const INDEXED_FIELDS = { courseId: "course_id", documentId: "document_id", entryId: "entry_id" } as const;

// Fusion works on candidate lists, so each side fetches more than the caller keeps: a passage
// ranked modestly by both dense and lexical search must be in both lists to win on their sum.
const CANDIDATES_PER_HIT = 4;
const MIN_CANDIDATES = 40;

/** What Qdrant hands back is checked, not trusted: a collection may have been written by another tool. */
const storedPayload = z
  .object({
    course_id: z.string().nullable(),
    document_id: z.string().nullable(),
    entry_id: z.string().nullable(),
    title: z.string(),
    page: z.number().int().nullable(),
    section: z.string().nullable(),
    position: z.number().int(),
    text: z.string(),
  })
  .transform(fromStoredPayload);

const queryHit = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  score: z.number(),
  payload: storedPayload,
  vector: z.object({ [DENSE_VECTOR]: z.array(z.number()) }),
});

const collectionLayout = z.object({
  config: z.object({
    params: z.object({
      vectors: z.unknown(),
      sparse_vectors: z.record(z.string(), z.object({ modifier: z.string().nullish() })).nullish(),
    }),
  }),
  payload_schema: z.record(z.string(), z.unknown()),
});
const denseParams = z.object({ size: z.number(), distance: z.string() });

const matches = (key: string, value: string): Schemas["FieldCondition"] => ({ key, match: { value } });

/**
 * A course's hits and the global ones. Global entries carry `course_id: null`; `is_empty` also
 * accepts points where the key is absent, so entries written without it still count as global.
 */
function courseFilter(courseId: string): Schemas["Filter"] {
  return { should: [matches(INDEXED_FIELDS.courseId, courseId), { is_empty: { key: INDEXED_FIELDS.courseId } }] };
}

/** Qdrant explains refusals in the JSON body; the client's error carries only the HTTP status text. */
function describeError(error: unknown): string {
  const data = (error as { data?: { status?: { error?: unknown } } } | null)?.data;
  const detail = data?.status?.error;
  return typeof detail === "string" ? detail : error instanceof Error ? error.message : String(error);
}

function parseAnswer<T extends z.ZodType>(schema: T, value: unknown, collection: string, what: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`Qdrant collection "${collection}" returned ${what} this app cannot read:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

class QdrantStore implements VectorStore {
  readonly kind = "qdrant" as const;
  private readonly client: QdrantClient;

  constructor(private readonly options: QdrantStoreOptions) {
    this.client = new QdrantClient({ url: options.url, apiKey: options.apiKey });
  }

  /** Runs a request; `ifMissing` answers instead when the collection does not exist (yet). */
  private async call<T>(what: string, collection: string, run: () => Promise<T>, ifMissing?: () => T): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (ifMissing && (error as { status?: number } | null)?.status === 404) return ifMissing();
      throw new Error(`Qdrant ${what} on collection "${collection}" failed: ${describeError(error)}`, { cause: error });
    }
  }

  async ensureCollections(dimension: number): Promise<void> {
    // Settle all three before failing, so no creation is still running when the caller hears of a problem.
    const results = await Promise.allSettled(COLLECTIONS.map((kind) => this.ensureCollection(this.options.collections[kind], dimension)));
    const failure = results.find((result) => result.status === "rejected");
    if (failure) throw failure.reason;
  }

  private async ensureCollection(name: string, dimension: number): Promise<void> {
    const exists = () => this.call("existence check", name, () => this.client.collectionExists(name)).then((r) => r.exists);
    if (!(await exists())) {
      try {
        await this.client.createCollection(name, {
          vectors: { [DENSE_VECTOR]: { size: dimension, distance: "Cosine" } },
          sparse_vectors: { [LEXICAL_VECTOR]: { modifier: "idf" } },
        });
      } catch (error) {
        // The app and the ingestion worker start together; losing the race to create is fine.
        if (!(await exists())) throw new Error(`Qdrant could not create collection "${name}": ${describeError(error)}`, { cause: error });
      }
    }
    const info = parseAnswer(collectionLayout, await this.call("collection info", name, () => this.client.getCollection(name)), name, "a layout");
    const vectors = z.record(z.string(), denseParams).safeParse(info.config.params.vectors);
    const dense = vectors.success ? vectors.data[DENSE_VECTOR] : undefined;
    const lexical = info.config.params.sparse_vectors?.[LEXICAL_VECTOR];
    const problem = !dense
      ? `has no dense vector named "${DENSE_VECTOR}"`
      : dense.size !== dimension
        ? `holds vectors of dimension ${dense.size}, but the embedding model produces dimension ${dimension}`
        : dense.distance !== "Cosine"
          ? `measures ${dense.distance} distance instead of Cosine`
          : lexical?.modifier !== "idf"
            ? `has no sparse vector "${LEXICAL_VECTOR}" with the idf modifier`
            : undefined;
    if (problem) {
      throw new Error(`Qdrant collection "${name}" ${problem}; delete it (it is rebuilt by re-indexing) or configure another collection name`);
    }
    for (const field of Object.values(INDEXED_FIELDS).filter((key) => !(key in info.payload_schema))) {
      await this.call("payload index creation", name, () =>
        this.client.createPayloadIndex(name, { field_name: field, field_schema: "keyword", wait: true }),
      );
    }
  }

  async upsert(kind: CollectionKind, points: VectorPoint[]): Promise<void> {
    if (points.length === 0) return;
    const name = this.options.collections[kind];
    await this.call("upsert", name, () =>
      this.client.upsert(name, {
        wait: true,
        points: points.map((point) => {
          const lexical = documentSparseVector(point.payload.text);
          // A passage without searchable words simply has no sparse vector (named vectors are optional).
          const vector = lexical.indices.length > 0 ? { [DENSE_VECTOR]: point.vector, [LEXICAL_VECTOR]: lexical } : { [DENSE_VECTOR]: point.vector };
          return { id: point.id, vector, payload: toStoredPayload(point.payload) as Schemas["Payload"] };
        }),
      }),
    );
  }

  private async deleteWhere(kind: CollectionKind, key: string, value: string): Promise<void> {
    const name = this.options.collections[kind];
    await this.call("delete", name, () => this.client.delete(name, { wait: true, filter: { must: [matches(key, value)] } }), () => undefined);
  }

  deleteDocument(kind: CollectionKind, documentId: string): Promise<void> {
    return this.deleteWhere(kind, INDEXED_FIELDS.documentId, documentId);
  }

  deleteEntry(kind: CollectionKind, entryId: string): Promise<void> {
    return this.deleteWhere(kind, INDEXED_FIELDS.entryId, entryId);
  }

  async search(kind: CollectionKind, query: SearchQuery): Promise<SearchHit[]> {
    const name = this.options.collections[kind];
    const filter = courseFilter(query.courseId);
    const candidates = Math.max(query.limit * CANDIDATES_PER_HIT, MIN_CANDIDATES);
    const prefetch: Schemas["Prefetch"][] = [{ query: query.vector, using: DENSE_VECTOR, filter, limit: candidates }];
    const lexical = querySparseVector(query.text);
    if (lexical.indices.length > 0) prefetch.push({ query: lexical, using: LEXICAL_VECTOR, filter, limit: candidates });
    // RRF even over the dense list alone, so scores are on one scale whether or not the text had terms.
    // Qdrant scores 1 / (k + position) with positions from 0 and a default k of 2; k = RRF_K + 1 gives
    // the textbook 1 / (RRF_K + rank), ranks from 1, which is what the other store computes too.
    const response = await this.call("query", name, () =>
      this.client.query(name, {
        prefetch,
        query: { rrf: { k: RRF_K + 1 } },
        filter,
        limit: query.limit,
        with_payload: true,
        with_vector: [DENSE_VECTOR],
      }),
      () => ({ points: [] }),
    );
    return response.points.map((point) => {
      const hit = parseAnswer(queryHit, point, name, `point ${point.id} in a shape`);
      return { id: hit.id, payload: hit.payload, score: hit.score, similarity: cosineSimilarity(query.vector, hit.vector[DENSE_VECTOR]) };
    });
  }

  async count(kind: CollectionKind, filter: CountFilter = {}): Promise<number> {
    const name = this.options.collections[kind];
    const must = (Object.keys(INDEXED_FIELDS) as (keyof CountFilter)[]).flatMap((field) => {
      const value = filter[field];
      return value === undefined ? [] : [matches(INDEXED_FIELDS[field], value)];
    });
    const result = await this.call(
      "count",
      name,
      () => this.client.count(name, { exact: true, filter: must.length > 0 ? { must } : undefined }),
      () => ({ count: 0 }),
    );
    return result.count;
  }

  async close(): Promise<void> {
    // The client offers no way to close its connection pool; idle keep-alive sockets close by themselves.
  }
}

/** A VectorStore on Qdrant: named dense vectors (Cosine) plus sparse lexical vectors (IDF), fused by RRF. */
export function createQdrantStore(options: QdrantStoreOptions): VectorStore {
  return new QdrantStore(options);
}
