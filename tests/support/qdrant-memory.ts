/**
 * The part of Qdrant's behaviour our adapter relies on, in memory: named dense and sparse vectors,
 * payload filters, nearest-point queries of the Query API, and counting and deleting by filter.
 * Requests arrive already validated against the OpenAPI spec, so shapes are trusted here; what
 * the spec allows but this model does not implement raises `Unsupported` instead of guessing.
 */

type Payload = Record<string, unknown>;
type SparseVector = { indices: number[]; values: number[] };
type PointId = string | number;
type DenseParams = { size: number; distance: "Cosine" | "Dot" };
type StoredPoint = { id: PointId; version: number; payload: Payload; vectors: Record<string, number[] | SparseVector> };
type Scored = { point: StoredPoint; score: number };

/** A Qdrant error answer: status and the text Qdrant would put in `status.error`. */
export class QdrantError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A request the spec allows that this in-memory model does not implement. */
export class Unsupported extends Error {}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const list = <T>(value: T | T[] | null | undefined): T[] => (value == null ? [] : Array.isArray(value) ? value : [value]);
const isSparse = (value: unknown): value is SparseVector => isObject(value) && Array.isArray(value.indices) && Array.isArray(value.values);
const norm = (vector: number[]) => Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0));
const dot = (a: number[], b: number[]) => a.reduce((sum, v, i) => sum + v * b[i], 0);
// Qdrant prints UUIDs in their canonical lowercase form whatever form they were sent in.
const pointKey = (id: PointId) => (typeof id === "string" ? id.toLowerCase() : String(id));

const DEFAULT_LIMIT = 10;

function matchesValue(stored: unknown, expected: unknown): boolean {
  return Array.isArray(stored) ? stored.includes(expected) : stored === expected;
}

/** Qdrant filter semantics: every `must`, at least one `should` when given, no `must_not`. */
export function matchesFilter(point: StoredPoint, filter: unknown): boolean {
  if (filter == null) return true;
  if (!isObject(filter)) throw new Unsupported(`filter ${JSON.stringify(filter)}`);
  if (filter.min_should != null) throw new Unsupported("filter.min_should");
  const should = list(filter.should);
  return (
    list(filter.must).every((condition) => matchesCondition(point, condition)) &&
    (should.length === 0 || should.some((condition) => matchesCondition(point, condition))) &&
    !list(filter.must_not).some((condition) => matchesCondition(point, condition))
  );
}

function payloadValue(point: StoredPoint, key: string): unknown {
  if (/[.[]/.test(key)) throw new Unsupported(`nested payload key "${key}"`);
  return point.payload[key];
}

function matchesCondition(point: StoredPoint, condition: unknown): boolean {
  if (!isObject(condition)) throw new Unsupported(`condition ${JSON.stringify(condition)}`);
  if ("must" in condition || "should" in condition || "must_not" in condition) return matchesFilter(point, condition);
  if (isObject(condition.is_empty)) {
    const value = payloadValue(point, String(condition.is_empty.key));
    return value == null || (Array.isArray(value) && value.length === 0);
  }
  if (isObject(condition.is_null)) return payloadValue(point, String(condition.is_null.key)) === null;
  if (Array.isArray(condition.has_id)) return condition.has_id.some((id) => pointKey(id as PointId) === pointKey(point.id));
  if (typeof condition.key === "string" && isObject(condition.match)) {
    const value = payloadValue(point, condition.key);
    if ("value" in condition.match) return matchesValue(value, condition.match.value);
    if (Array.isArray(condition.match.any)) return condition.match.any.some((expected) => matchesValue(value, expected));
  }
  throw new Unsupported(`condition ${JSON.stringify(condition)}`);
}

export class MemoryCollection {
  readonly points = new Map<string, StoredPoint>();
  readonly payloadSchema: Record<string, { data_type: string; points: number }> = {};
  private version = 0;

  constructor(
    readonly dense: Record<string, DenseParams>,
    readonly sparse: Record<string, { modifier?: "idf" | "none" | null }>,
  ) {}

  /** Next operation number: Qdrant reports one per write and stamps points with it as their version. */
  nextVersion(): number {
    return this.version++;
  }

  /** Replaces or inserts whole points; all or none, as Qdrant rejects a batch with one bad point. */
  upsert(points: { id: PointId; vector: unknown; payload?: Payload | null }[], version: number): void {
    const prepared = points.map((point) => ({ ...point, vectors: this.prepareVectors(point.vector) }));
    for (const point of prepared) {
      this.points.set(pointKey(point.id), { id: point.id, version, payload: point.payload ?? {}, vectors: point.vectors });
    }
  }

  private prepareVectors(vector: unknown): StoredPoint["vectors"] {
    if (!isObject(vector)) throw new Unsupported("unnamed vectors (the model keeps named vectors only)");
    const vectors: StoredPoint["vectors"] = {};
    for (const [name, value] of Object.entries(vector)) {
      const dense = this.dense[name];
      if (dense && Array.isArray(value) && value.every((v) => typeof v === "number")) {
        if (value.length !== dense.size) {
          throw new QdrantError(400, `Wrong input: Vector dimension error: expected dim: ${dense.size}, got ${value.length}`);
        }
        // Qdrant normalises vectors of Cosine collections on write and returns them normalised.
        const length = norm(value);
        vectors[name] = dense.distance === "Cosine" && length > 0 ? value.map((v) => v / length) : [...value];
      } else if (this.sparse[name] && isSparse(value)) {
        if (value.indices.length !== value.values.length) {
          throw new QdrantError(400, "Wrong input: Sparse vector indices and values must have the same length");
        }
        if (new Set(value.indices).size !== value.indices.length) {
          throw new QdrantError(400, "Wrong input: Sparse vector indices must be unique");
        }
        vectors[name] = { indices: [...value.indices], values: [...value.values] };
      } else {
        throw new QdrantError(400, `Wrong input: Not existing vector name error: ${name}`);
      }
    }
    return vectors;
  }

  matching(filter: unknown): StoredPoint[] {
    return [...this.points.values()].filter((point) => matchesFilter(point, filter));
  }

  delete(selector: { filter?: unknown; points?: PointId[] }): void {
    const doomed = selector.points ? selector.points.map(pointKey) : this.matching(selector.filter).map((point) => pointKey(point.id));
    for (const key of doomed) this.points.delete(key);
  }

  /**
   * Runs a Query API request for nearest points by one named vector and returns them scored, best
   * first. Prefetches and fusion are not modelled: the adapter fuses nothing inside Qdrant.
   */
  query(request: Record<string, unknown>): Scored[] {
    for (const key of ["prefetch", "lookup_from", "shard_key"]) if (request[key] != null) throw new Unsupported(`query.${key}`);
    if (isObject(request.query) && request.query.mmr != null) throw new Unsupported("query.mmr");
    const candidates = this.matching(request.filter);
    const query = isObject(request.query) && "nearest" in request.query ? request.query.nearest : request.query;
    let scored: Scored[];
    if (Array.isArray(query) && query.every((v) => typeof v === "number")) {
      scored = this.denseScores(query, this.vectorName(request.using), candidates);
    } else if (isSparse(query)) {
      scored = this.sparseScores(query, this.vectorName(request.using), candidates);
    } else {
      throw new Unsupported(`query ${JSON.stringify(request.query)}`);
    }

    const threshold = request.score_threshold;
    const offset = typeof request.offset === "number" ? request.offset : 0;
    const limit = typeof request.limit === "number" ? request.limit : DEFAULT_LIMIT;
    return scored
      .filter((hit) => typeof threshold !== "number" || hit.score >= threshold)
      .sort((a, b) => b.score - a.score || pointKey(a.point.id).localeCompare(pointKey(b.point.id)))
      .slice(offset, offset + limit);
  }

  private vectorName(using: unknown): string {
    const name = typeof using === "string" ? using : "";
    if (!this.dense[name] && !this.sparse[name]) throw new QdrantError(400, `Wrong input: Not existing vector name error: ${name}`);
    return name;
  }

  private denseScores(query: number[], name: string, candidates: StoredPoint[]): Scored[] {
    const params = this.dense[name];
    if (!params) throw new QdrantError(400, `Wrong input: Vector ${name} is not a dense vector`);
    if (query.length !== params.size) {
      throw new QdrantError(400, `Wrong input: Vector dimension error: expected dim: ${params.size}, got ${query.length}`);
    }
    const length = norm(query);
    const probe = params.distance === "Cosine" && length > 0 ? query.map((v) => v / length) : query;
    return candidates.flatMap((point) => {
      const stored = point.vectors[name];
      return Array.isArray(stored) ? [{ point, score: dot(probe, stored) }] : [];
    });
  }

  /** Dot product over shared indices; with the idf modifier each term is weighted by its rarity in the collection. */
  private sparseScores(query: SparseVector, name: string, candidates: StoredPoint[]): Scored[] {
    if (!this.sparse[name]) throw new QdrantError(400, `Wrong input: Vector ${name} is not a sparse vector`);
    const withVector = [...this.points.values()].map((point) => point.vectors[name]).filter(isSparse);
    const idf = (index: number) => {
      if (this.sparse[name].modifier !== "idf") return 1;
      const containing = withVector.filter((vector) => vector.indices.includes(index)).length;
      return Math.log((withVector.length - containing + 0.5) / (containing + 0.5) + 1);
    };
    const weights = new Map(query.indices.map((index, i) => [index, query.values[i] * idf(index)]));
    return candidates.flatMap((point) => {
      const stored = point.vectors[name];
      if (!isSparse(stored)) return [];
      let score = 0;
      let overlaps = false;
      stored.indices.forEach((index, i) => {
        const weight = weights.get(index);
        if (weight !== undefined) {
          overlaps = true;
          score += weight * stored.values[i];
        }
      });
      // A sparse search only finds points sharing at least one index with the query.
      return overlaps ? [{ point, score }] : [];
    });
  }
}
