import * as lancedb from "@lancedb/lancedb";
import { Field, FixedSizeList, Float32, Int32, Schema, Utf8 } from "apache-arrow";
import { fuseRankings } from "./fusion";
import { cosineSimilarity } from "./point-id";
import { fromStoredPayload, toStoredPayload, type StoredPayload } from "./stored-payload";
import type { CollectionKind, CountFilter, SearchHit, SearchQuery, VectorPoint, VectorStore } from "./types";

type Row = StoredPayload & { id: string; vector: number[] };

/** Each ranking looks this many times deeper than asked, so fusion has candidates from both sides. */
const CANDIDATE_FACTOR = 4;
/**
 * Below this many rows an exact scan is fast; above it an HNSW index keeps vector search at a few
 * milliseconds (measured: 100k rows, 384 dimensions, 90 ms exact vs 5 ms indexed).
 */
const VECTOR_INDEX_MIN_ROWS = 5000;
/**
 * optimize() folds new rows into the vector index as delta segments, and every segment is searched;
 * past this many the index is rebuilt as one (measured: 19 segments over 100k rows, 23 ms; 1, 5 ms).
 */
const VECTOR_INDEX_MAX_SEGMENTS = 4;

function tableSchema(dimension: number) {
  const text = (name: string, nullable = false) => new Field(name, new Utf8(), nullable);
  return new Schema([
    text("id"),
    new Field("vector", new FixedSizeList(dimension, new Field("item", new Float32(), true)), false),
    text("course_id", true),
    text("document_id", true),
    text("entry_id", true),
    text("title"),
    new Field("page", new Int32(), true),
    text("section", true),
    new Field("position", new Int32(), false),
    text("text"),
  ]);
}

const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;

function whereClause(filter: CountFilter): string | undefined {
  const conditions = [
    filter.courseId !== undefined ? `course_id = ${sqlString(filter.courseId)}` : undefined,
    filter.documentId !== undefined ? `document_id = ${sqlString(filter.documentId)}` : undefined,
    filter.entryId !== undefined ? `entry_id = ${sqlString(filter.entryId)}` : undefined,
  ].filter((c) => c !== undefined);
  return conditions.length > 0 ? conditions.join(" AND ") : undefined;
}

function toRow({ id, vector, payload }: VectorPoint): Row {
  return { id, vector, ...toStoredPayload(payload) };
}

/**
 * Embedded vector store on a local directory: one Lance table per collection, cosine vector search
 * plus a Russian-stemming full-text index on the passage text, fused by reciprocal rank.
 */
export class LanceDbStore implements VectorStore {
  readonly kind = "lancedb";
  private readonly tables = new Map<CollectionKind, lancedb.Table>();

  private constructor(private readonly db: lancedb.Connection) {}

  static async open(directory: string): Promise<LanceDbStore> {
    // Opts in to Lance's future default now, which also silences its warning about it.
    process.env.LANCE_INCLUDE_VECTOR_CENTROIDS ??= "false";
    // The app server reads what the ingestion worker (another process) writes: check for new
    // table versions on every read, so a document is searchable the moment it is READY.
    return new LanceDbStore(await lancedb.connect(directory, { readConsistencyInterval: 0 }));
  }

  async ensureCollections(dimension: number): Promise<void> {
    // The app server (FAQ entries) and the worker (documents) may both open a fresh store at once;
    // Lance then refuses the later of two identical index builds, and a second look finds it built.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.createMissing(dimension);
      } catch (error) {
        if (attempt >= 5 || !/commit conflict|concurrent transaction/i.test(String(error))) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }

  private async createMissing(dimension: number): Promise<void> {
    const existing = new Set(await this.db.tableNames());
    for (const kind of ["course", "faq", "org"] as const) {
      const table = existing.has(kind)
        ? await this.db.openTable(kind)
        : await this.db.createEmptyTable(kind, tableSchema(dimension), { existOk: true });
      const vectorType = (await table.schema()).fields.find((f) => f.name === "vector")?.type as FixedSizeList | undefined;
      if (vectorType?.listSize !== dimension) {
        throw new Error(
          `LanceDB table "${kind}" holds vectors of dimension ${vectorType?.listSize}, but the embedder makes ${dimension}. ` +
            "Re-index into a new LANCEDB_DIR after changing the embedding model.",
        );
      }
      const indexed = new Set((await table.listIndices()).flatMap((index) => index.columns));
      if (!indexed.has("text")) {
        await table.createIndex("text", {
          config: lancedb.Index.fts({ language: "Russian", stem: true, lowercase: true, removeStopWords: true }),
        });
      }
      // Every search filters by course; deletions filter by document or entry.
      if (!indexed.has("course_id")) await table.createIndex("course_id", { config: lancedb.Index.bitmap() });
      for (const column of ["document_id", "entry_id"]) {
        if (!indexed.has(column)) await table.createIndex(column, { config: lancedb.Index.btree() });
      }
      this.tables.set(kind, table);
    }
  }

  /**
   * The collection's table, opened on first use; null while nothing was ever indexed into it
   * (another process may create it later, so a miss is not remembered).
   */
  private async existingTable(kind: CollectionKind): Promise<lancedb.Table | null> {
    const cached = this.tables.get(kind);
    if (cached) return cached;
    if (!(await this.db.tableNames()).includes(kind)) return null;
    const table = await this.db.openTable(kind);
    this.tables.set(kind, table);
    return table;
  }

  async upsert(collection: CollectionKind, points: VectorPoint[]): Promise<void> {
    if (points.length === 0) return;
    const table = this.tables.get(collection);
    if (!table) throw new Error("LanceDbStore.ensureCollections must run before upsert");
    await table.mergeInsert("id").whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(points.map(toRow));
    // Folds the new rows into every index, so queries never re-scan unindexed data.
    await table.optimize();
    const vectorIndex = (await table.listIndices()).find((index) => index.columns.includes("vector"));
    const needsBuild = vectorIndex
      ? (vectorIndex.numSegments ?? 1) > VECTOR_INDEX_MAX_SEGMENTS
      : (await table.countRows()) >= VECTOR_INDEX_MIN_ROWS;
    if (needsBuild) {
      await table.createIndex("vector", { config: lancedb.Index.hnswSq({ distanceType: "cosine" }), replace: true });
    }
  }

  async deleteDocument(collection: CollectionKind, documentId: string): Promise<void> {
    await (await this.existingTable(collection))?.delete(whereClause({ documentId })!);
  }

  async deleteEntry(collection: CollectionKind, entryId: string): Promise<void> {
    await (await this.existingTable(collection))?.delete(whereClause({ entryId })!);
  }

  async count(collection: CollectionKind, filter: CountFilter = {}): Promise<number> {
    return (await (await this.existingTable(collection))?.countRows(whereClause(filter))) ?? 0;
  }

  async search(collection: CollectionKind, query: SearchQuery): Promise<SearchHit[]> {
    const table = await this.existingTable(collection);
    if (!table) return [];
    const where = `(course_id = ${sqlString(query.courseId)} OR course_id IS NULL)`;
    const depth = query.limit * CANDIDATE_FACTOR;
    const [dense, lexical] = await Promise.all([
      table.query().nearestTo(query.vector).distanceType("cosine").where(where).limit(depth).toArray() as Promise<Row[]>,
      query.text.trim() === ""
        ? Promise.resolve([] as Row[])
        : (table.query().fullTextSearch(query.text).where(where).limit(depth).toArray() as Promise<Row[]>),
    ]);
    const rows = new Map([...dense, ...lexical].map((row) => [row.id, row]));
    return fuseRankings([dense.map((r) => r.id), lexical.map((r) => r.id)])
      .slice(0, query.limit)
      .map(({ id, score }) => {
        const row = rows.get(id)!;
        return { id, score, similarity: cosineSimilarity(query.vector, Array.from(row.vector)), payload: fromStoredPayload(row) };
      });
  }

  async close(): Promise<void> {
    this.tables.forEach((table) => table.close());
    this.tables.clear();
    this.db.close();
  }
}
