import * as lancedb from "@lancedb/lancedb";
import { Field, FixedSizeList, Float32, Int32, Schema, Utf8 } from "apache-arrow";
import { z } from "zod";
import { analyze } from "@/lib/text/analyzer";
import { FILTER_FIELDS, type FilterField } from "./payload";
import type { CountFilter, DenseHit, DenseQuery, LexicalHit, LexicalQuery } from "./search";
import { cosineSimilarity } from "./similarity";
import { spaceKey } from "./space-key";
import { FILTER_KEYS, filterConditions, fromStoredPayload, storedPayloadFields, toStoredPayload, type StoredPayload } from "./stored-payload";
import { COLLECTIONS, type CollectionKind, type Passage, type VectorPoint, type VectorSpace, type VectorStore } from "./types";

type VectorRow = StoredPayload & { id: string; vector: number[] };
/** A passage also keeps its analysed terms, which is what the full-text index reads. */
type PassageRow = StoredPayload & { id: string; terms: string };

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

const passagesTable = (kind: CollectionKind) => `passages_${kind}`;
const VECTORS_PREFIX = "vectors_";
const vectorsTable = (space: VectorSpace, kind: CollectionKind) => `${VECTORS_PREFIX}${spaceKey(space)}_${kind}`;

/** A payload field's column: the payload holds texts and whole numbers, each maybe null. */
function payloadColumn(key: string, schema: z.ZodType): Field {
  const nullable = schema instanceof z.ZodNullable;
  const value = nullable ? schema.unwrap() : schema;
  if (value instanceof z.ZodString) return new Field(key, new Utf8(), nullable);
  if (value instanceof z.ZodNumber && value.isInt) return new Field(key, new Int32(), nullable);
  throw new Error(`The payload field "${key}" has no LanceDB column type`);
}

function tableSchema(dimension?: number) {
  const text = (name: string) => new Field(name, new Utf8(), false);
  return new Schema([
    text("id"),
    ...(dimension === undefined ? [] : [new Field("vector", new FixedSizeList(dimension, new Field("item", new Float32(), true)), false)]),
    ...Object.entries(storedPayloadFields.shape).map(([key, schema]) => payloadColumn(key, schema)),
    ...(dimension === undefined ? [text("terms")] : []),
  ]);
}

// Every search filters by course, which has few values (a bitmap); deletions filter by document or entry.
const SCALAR_INDEXES: Record<FilterField, () => lancedb.Index> = {
  courseId: () => lancedb.Index.bitmap(),
  documentId: () => lancedb.Index.btree(),
  entryId: () => lancedb.Index.btree(),
};

const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;

function whereClause(filter: CountFilter): string | undefined {
  const conditions = filterConditions(filter).map(({ key, value }) => `${key} = ${sqlString(value)}`);
  return conditions.length > 0 ? conditions.join(" AND ") : undefined;
}

const courseWhere = (courseId: string) => `(${FILTER_KEYS.courseId} = ${sqlString(courseId)} OR ${FILTER_KEYS.courseId} IS NULL)`;

function checkDimension(space: VectorSpace, vector: number[], what: string): void {
  if (vector.length !== space.dimension) {
    throw new Error(`${what} has dimension ${vector.length}, but space "${space.key}" holds vectors of dimension ${space.dimension}`);
  }
}

/**
 * The app server (FAQ entries) and the worker (documents) may both set up a fresh store at once;
 * Lance then refuses the later of two identical commits (an index build, a table drop), and a second
 * look finds the work done.
 */
async function retryOnConflict(run: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= 5 || !/commit conflict|concurrent transaction/i.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/**
 * Embedded store on a local directory. Passages live in `passages_<kind>` tables with a
 * Russian-stemming full-text index; each embedding space's vectors in `vectors_<key>_<kind>` tables,
 * searched by cosine distance.
 */
export class LanceDbStore implements VectorStore {
  readonly kind = "lancedb";
  private readonly tables = new Map<string, lancedb.Table>();

  private constructor(private readonly db: lancedb.Connection) {}

  static async open(directory: string): Promise<LanceDbStore> {
    // Opts in to Lance's future default now, which also silences its warning about it.
    process.env.LANCE_INCLUDE_VECTOR_CENTROIDS ??= "false";
    // The app server reads what the ingestion worker (another process) writes: check for new
    // table versions on every read, so a document is searchable the moment it is READY.
    return new LanceDbStore(await lancedb.connect(directory, { readConsistencyInterval: 0 }));
  }

  async ensurePassages(): Promise<void> {
    await retryOnConflict(async () => {
      // The previous layout kept passages and vectors together in tables named after the kinds;
      // their content is re-indexed into the new tables by a migration, so they only take space.
      for (const legacy of COLLECTIONS) await this.dropIfPresent(legacy);
      for (const kind of COLLECTIONS) {
        const table = await this.createTable(passagesTable(kind));
        const indexed = new Set((await table.listIndices()).flatMap((index) => index.columns));
        if (!indexed.has("terms")) {
          // The terms are analysed already (lib/text/analyzer.ts: Russian and English stemming and stop words,
          // the same analysis Qdrant's sparse vectors use), so the index only splits them.
          await table.createIndex("terms", {
            config: lancedb.Index.fts({ baseTokenizer: "whitespace", lowercase: false, stem: false, removeStopWords: false, asciiFolding: false, withPosition: false }),
          });
        }
        await this.createScalarIndexes(table, indexed);
      }
    });
  }

  async ensureSpace(space: VectorSpace): Promise<void> {
    await retryOnConflict(async () => {
      for (const kind of COLLECTIONS) {
        const name = vectorsTable(space, kind);
        const table = await this.createTable(name, space.dimension);
        const vectorType = (await table.schema()).fields.find((f) => f.name === "vector")?.type as FixedSizeList | undefined;
        if (vectorType?.listSize !== space.dimension) {
          throw new Error(
            `LanceDB table "${name}" holds vectors of dimension ${vectorType?.listSize}, but space "${space.key}" has dimension ${space.dimension}`,
          );
        }
        await this.createScalarIndexes(table, new Set((await table.listIndices()).flatMap((index) => index.columns)));
      }
    });
  }

  private async dropIfPresent(name: string): Promise<void> {
    if (!(await this.db.tableNames()).includes(name)) return;
    try {
      await this.db.dropTable(name);
    } catch (error) {
      // Another process dropping it at the same moment is what this wanted anyway.
      if ((await this.db.tableNames()).includes(name)) throw error;
    }
  }

  private async createTable(name: string, dimension?: number): Promise<lancedb.Table> {
    const existing = await this.existingTable(name);
    if (existing) return existing;
    const table = await this.db.createEmptyTable(name, tableSchema(dimension), { existOk: true });
    this.tables.set(name, table);
    return table;
  }

  private async createScalarIndexes(table: lancedb.Table, indexed: Set<string>): Promise<void> {
    for (const field of FILTER_FIELDS) {
      const column = FILTER_KEYS[field];
      if (!indexed.has(column)) await table.createIndex(column, { config: SCALAR_INDEXES[field]() });
    }
  }

  /**
   * A table, opened on first use; null while it does not exist (another process may create it
   * later, so a miss is not remembered).
   */
  private async existingTable(name: string): Promise<lancedb.Table | null> {
    const cached = this.tables.get(name);
    if (cached) return cached;
    if (!(await this.db.tableNames()).includes(name)) return null;
    const table = await this.db.openTable(name);
    this.tables.set(name, table);
    return table;
  }

  private async writableTable(name: string, setUp: string): Promise<lancedb.Table> {
    const table = await this.existingTable(name);
    if (!table) throw new Error(`LanceDB table "${name}" does not exist: LanceDbStore.${setUp} must run before writing to it`);
    return table;
  }

  async upsertPassages(collection: CollectionKind, passages: Passage[]): Promise<void> {
    if (passages.length === 0) return;
    const table = await this.writableTable(passagesTable(collection), "ensurePassages");
    const rows: PassageRow[] = passages.map(({ id, payload }) => ({ id, ...toStoredPayload(payload), terms: analyze(payload.text).join(" ") }));
    await table.mergeInsert("id").whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(rows);
    // Folds the new rows into the full-text index, which does not see rows written after its build.
    await table.optimize();
  }

  async upsertVectors(collection: CollectionKind, space: VectorSpace, points: VectorPoint[]): Promise<void> {
    if (points.length === 0) return;
    for (const point of points) checkDimension(space, point.vector, `The vector of point ${point.id}`);
    const table = await this.writableTable(vectorsTable(space, collection), "ensureSpace");
    const rows: VectorRow[] = points.map(({ id, vector, payload }) => ({ id, vector, ...toStoredPayload(payload) }));
    await table.mergeInsert("id").whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(rows);
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

  /** The passages table and every space's table of this kind. */
  private async tablesOfKind(kind: CollectionKind): Promise<lancedb.Table[]> {
    const suffix = `_${kind}`;
    const names = (await this.db.tableNames()).filter((name) => name.startsWith(VECTORS_PREFIX) && name.endsWith(suffix));
    const tables = await Promise.all([passagesTable(kind), ...names].map((name) => this.existingTable(name)));
    return tables.filter((table) => table !== null);
  }

  private async deleteWhere(kind: CollectionKind, where: string): Promise<void> {
    await Promise.all((await this.tablesOfKind(kind)).map((table) => table.delete(where)));
  }

  async deleteDocument(collection: CollectionKind, documentId: string): Promise<void> {
    return this.deleteWhere(collection, whereClause({ documentId })!);
  }

  async deleteEntry(collection: CollectionKind, entryId: string): Promise<void> {
    return this.deleteWhere(collection, whereClause({ entryId })!);
  }

  async count(collection: CollectionKind, filter: CountFilter = {}, space?: VectorSpace): Promise<number> {
    const table = await this.existingTable(space ? vectorsTable(space, collection) : passagesTable(collection));
    return (await table?.countRows(whereClause(filter))) ?? 0;
  }

  async lexicalSearch(collection: CollectionKind, query: LexicalQuery): Promise<LexicalHit[]> {
    const terms = [...new Set(analyze(query.text))].join(" ");
    if (terms === "") return [];
    const table = await this.existingTable(passagesTable(collection));
    if (!table) return [];
    const rows = (await table.query().fullTextSearch(terms, { columns: "terms" }).where(courseWhere(query.courseId)).limit(query.limit).toArray()) as (PassageRow & {
      _score: number;
    })[];
    return rows.map((row) => ({ id: row.id, payload: fromStoredPayload(row), score: row._score }));
  }

  async denseSearch(collection: CollectionKind, space: VectorSpace, query: DenseQuery): Promise<DenseHit[]> {
    checkDimension(space, query.vector, "The query vector");
    const table = await this.existingTable(vectorsTable(space, collection));
    if (!table) return [];
    const rows = (await table
      .query()
      .nearestTo(query.vector)
      .distanceType("cosine")
      .where(courseWhere(query.courseId))
      .limit(query.limit)
      .toArray()) as VectorRow[];
    // Computed from the stored vector rather than read off `_distance`, which the quantised HNSW
    // index only approximates: the similarity is a relevance gate and must not depend on the index.
    return rows
      .map((row) => ({ id: row.id, payload: fromStoredPayload(row), similarity: cosineSimilarity(query.vector, Array.from(row.vector)) }))
      .sort((a, b) => b.similarity - a.similarity);
  }

  async close(): Promise<void> {
    this.tables.forEach((table) => table.close());
    this.tables.clear();
    this.db.close();
  }
}
