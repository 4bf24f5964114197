import { QdrantClient, type Schemas } from "@qdrant/js-client-rest";
import { z } from "zod";
import { documentSparseVector, querySparseVector } from "./lexical";
import type { CountFilter, DenseHit, DenseQuery, LexicalHit, LexicalQuery } from "./search";
import { spaceKey } from "./space-key";
import { FILTER_KEYS, filterConditions, storedPayload, toStoredPayload } from "./stored-payload";
import { COLLECTIONS, type CollectionKind, type Passage, type VectorPoint, type VectorSpace, type VectorStore } from "./types";

export type QdrantStoreOptions = {
  url: string;
  apiKey?: string;
  /** The passage collection behind each kind (QDRANT_COLLECTION_COURSE, _FAQ, _ORG). */
  collections: Record<CollectionKind, string>;
  /** How each new collection is spread over a Qdrant cluster (QDRANT_SHARDS, QDRANT_REPLICAS). */
  distribution?: Pick<Schemas["CreateCollection"], "shard_number" | "replication_factor">;
};

/** The dense vector of a space's collections and the sparse vector of the passage collections. */
export const DENSE_VECTOR = "dense";
export const LEXICAL_VECTOR = "lexical";

/** Payload keys that filters use; each gets a keyword index. */
export const INDEXED_FIELDS = FILTER_KEYS;

/** A space's dense collection: the passage collection's name, two underscores, the space's key. */
export const SPACE_SEPARATOR = "__";
export const spaceCollection = (passages: string, space: VectorSpace) => `${passages}${SPACE_SEPARATOR}${spaceKey(space)}`;

/** What Qdrant hands back is checked, not trusted: a collection may have been written by another tool. */
const queryHit = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  score: z.number(),
  payload: storedPayload,
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
type CollectionLayout = z.output<typeof collectionLayout>;
const denseParams = z.object({ size: z.number(), distance: z.string() });
const collectionList = z.object({ collections: z.array(z.object({ name: z.string() })) });

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

/** Settles every task before failing, so none is still running when the caller hears of a problem. */
async function settleAll(tasks: Promise<void>[]): Promise<void> {
  const failure = (await Promise.allSettled(tasks)).find((result) => result.status === "rejected");
  if (failure) throw failure.reason;
}

/** Why a passage collection cannot be used, or undefined. Its dense vectors (a legacy layout's) are ignored. */
function passageLayoutProblem(info: CollectionLayout): string | undefined {
  return info.config.params.sparse_vectors?.[LEXICAL_VECTOR]?.modifier === "idf"
    ? undefined
    : `has no sparse vector "${LEXICAL_VECTOR}" with the idf modifier`;
}

function denseLayoutProblem(info: CollectionLayout, dimension: number): string | undefined {
  const vectors = z.record(z.string(), denseParams).safeParse(info.config.params.vectors);
  const dense = vectors.success ? vectors.data[DENSE_VECTOR] : undefined;
  return !dense
    ? `has no dense vector named "${DENSE_VECTOR}"`
    : dense.size !== dimension
      ? `holds vectors of dimension ${dense.size}, but the embedding model produces dimension ${dimension}`
      : dense.distance !== "Cosine"
        ? `measures ${dense.distance} distance instead of Cosine`
        : undefined;
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

  async ensurePassages(): Promise<void> {
    return settleAll(
      COLLECTIONS.map((kind) =>
        this.ensureCollection(this.options.collections[kind], { sparse_vectors: { [LEXICAL_VECTOR]: { modifier: "idf" } } }, passageLayoutProblem),
      ),
    );
  }

  async ensureSpace(space: VectorSpace): Promise<void> {
    return settleAll(
      COLLECTIONS.map((kind) =>
        this.ensureCollection(
          spaceCollection(this.options.collections[kind], space),
          { vectors: { [DENSE_VECTOR]: { size: space.dimension, distance: "Cosine" } } },
          (info) => denseLayoutProblem(info, space.dimension),
        ),
      ),
    );
  }

  private async ensureCollection(
    name: string,
    layout: Schemas["CreateCollection"],
    problemWith: (info: CollectionLayout) => string | undefined,
  ): Promise<void> {
    const exists = () => this.call("existence check", name, () => this.client.collectionExists(name)).then((r) => r.exists);
    if (!(await exists())) {
      try {
        await this.client.createCollection(name, { ...this.options.distribution, ...layout });
      } catch (error) {
        // The app and the ingestion worker start together; losing the race to create is fine.
        if (!(await exists())) throw new Error(`Qdrant could not create collection "${name}": ${describeError(error)}`, { cause: error });
      }
    }
    const info = parseAnswer(collectionLayout, await this.call("collection info", name, () => this.client.getCollection(name)), name, "a layout");
    const problem = problemWith(info);
    if (problem) {
      throw new Error(`Qdrant collection "${name}" ${problem}; delete it (it is rebuilt by re-indexing) or configure another collection name`);
    }
    for (const field of Object.values(INDEXED_FIELDS).filter((key) => !(key in info.payload_schema))) {
      await this.call("payload index creation", name, () =>
        this.client.createPayloadIndex(name, { field_name: field, field_schema: "keyword", wait: true }),
      );
    }
  }

  private async upsertPoints(name: string, points: Schemas["PointStruct"][]): Promise<void> {
    if (points.length === 0) return;
    await this.call("upsert", name, () => this.client.upsert(name, { wait: true, points }));
  }

  async upsertPassages(kind: CollectionKind, passages: Passage[]): Promise<void> {
    return this.upsertPoints(
      this.options.collections[kind],
      passages.map(({ id, payload }) => {
        const lexical = documentSparseVector(payload.text);
        // A passage without searchable words has no vector at all; Qdrant keeps it for its payload.
        return { id, vector: lexical.indices.length > 0 ? { [LEXICAL_VECTOR]: lexical } : {}, payload: toStoredPayload(payload) };
      }),
    );
  }

  async upsertVectors(kind: CollectionKind, space: VectorSpace, points: VectorPoint[]): Promise<void> {
    // A vector of the wrong size is refused by Qdrant itself, with its own explanation.
    return this.upsertPoints(
      spaceCollection(this.options.collections[kind], space),
      points.map(({ id, vector, payload }) => ({ id, vector: { [DENSE_VECTOR]: vector }, payload: toStoredPayload(payload) })),
    );
  }

  /** The passage collection and every space's collection of this kind, as they exist now. */
  private async collectionsOfKind(kind: CollectionKind): Promise<string[]> {
    const passages = this.options.collections[kind];
    const answer = await this.call("collection listing", passages, () => this.client.getCollections());
    const { collections } = parseAnswer(collectionList, answer, passages, "a collection list");
    const prefix = `${passages}${SPACE_SEPARATOR}`;
    return [passages, ...collections.map((c) => c.name).filter((name) => name.startsWith(prefix))];
  }

  private async deleteWhere(kind: CollectionKind, key: string, value: string): Promise<void> {
    const names = await this.collectionsOfKind(kind);
    await settleAll(
      names.map((name) =>
        this.call("delete", name, () => this.client.delete(name, { wait: true, filter: { must: [matches(key, value)] } }), () => undefined).then(() => {}),
      ),
    );
  }

  async deleteDocument(kind: CollectionKind, documentId: string): Promise<void> {
    return this.deleteWhere(kind, INDEXED_FIELDS.documentId, documentId);
  }

  async deleteEntry(kind: CollectionKind, entryId: string): Promise<void> {
    return this.deleteWhere(kind, INDEXED_FIELDS.entryId, entryId);
  }

  /** A Query API request filtered by course; a collection that does not exist (yet) has no hits. */
  private async query(name: string, using: string, query: Schemas["QueryInterface"], courseId: string, limit: number) {
    const response = await this.call(
      "query",
      name,
      () => this.client.query(name, { query, using, filter: courseFilter(courseId), limit, with_payload: true }),
      () => ({ points: [] }),
    );
    return response.points.map((point) => parseAnswer(queryHit, point, name, `point ${point.id} in a shape`));
  }

  async lexicalSearch(kind: CollectionKind, query: LexicalQuery): Promise<LexicalHit[]> {
    const sparse = querySparseVector(query.text);
    if (sparse.indices.length === 0) return [];
    const hits = await this.query(this.options.collections[kind], LEXICAL_VECTOR, sparse, query.courseId, query.limit);
    return hits.map(({ id, payload, score }) => ({ id, payload, score }));
  }

  async denseSearch(kind: CollectionKind, space: VectorSpace, query: DenseQuery): Promise<DenseHit[]> {
    const name = spaceCollection(this.options.collections[kind], space);
    // With Cosine distance Qdrant's score is the cosine similarity itself.
    const hits = await this.query(name, DENSE_VECTOR, query.vector, query.courseId, query.limit);
    return hits.map(({ id, payload, score }) => ({ id, payload, similarity: score }));
  }

  async count(kind: CollectionKind, filter: CountFilter = {}, space?: VectorSpace): Promise<number> {
    const passages = this.options.collections[kind];
    const name = space ? spaceCollection(passages, space) : passages;
    const must = filterConditions(filter).map(({ key, value }) => matches(key, value));
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

/**
 * A VectorStore on Qdrant: passages in the configured collections with a sparse lexical vector
 * (IDF), and each embedding space's vectors in collections of their own with a Cosine dense vector.
 */
export function createQdrantStore(options: QdrantStoreOptions): VectorStore {
  return new QdrantStore(options);
}
