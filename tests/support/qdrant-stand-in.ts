import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { MemoryCollection, QdrantError, Unsupported } from "./qdrant-memory";
import { QdrantSpec, type CheckedRequest } from "./qdrant-openapi";

export type RecordedRequest = { operationId?: string; method: string; url: string; query: Record<string, unknown>; body: unknown };

/** A Qdrant stand-in on 127.0.0.1 that holds every request and every answer to Qdrant's OpenAPI spec. */
export type QdrantStandIn = {
  url: string;
  /** Requests the spec rejects, answers of the stand-in the spec rejects, and features it lacks. */
  violations: string[];
  requests: RecordedRequest[];
  close(): Promise<void>;
};

type Body = Record<string, unknown>;

/** The version the spec documents; the client compares it with its own on start-up. */
const VERSION = "1.19.0";

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function collectionInfo(collection: MemoryCollection) {
  const payloadSchema = Object.fromEntries(
    Object.entries(collection.payloadSchema).map(([field, info]) => [
      field,
      { ...info, points: [...collection.points.values()].filter((point) => point.payload[field] != null).length },
    ]),
  );
  return {
    status: "green",
    optimizer_status: "ok",
    indexed_vectors_count: 0,
    points_count: collection.points.size,
    segments_count: 1,
    config: {
      params: {
        vectors: collection.dense,
        sparse_vectors: collection.sparse,
        shard_number: 1,
        replication_factor: 1,
        write_consistency_factor: 1,
        on_disk_payload: true,
      },
      hnsw_config: { m: 16, ef_construct: 100, full_scan_threshold: 10000, max_indexing_threads: 0, on_disk: false },
      optimizer_config: {
        deleted_threshold: 0.2,
        vacuum_min_vector_number: 1000,
        default_segment_number: 0,
        max_segment_size: null,
        memmap_threshold: null,
        indexing_threshold: 10000,
        flush_interval_sec: 5,
        max_optimization_threads: null,
      },
      wal_config: { wal_capacity_mb: 32, wal_segments_ahead: 0 },
      quantization_config: null,
    },
    payload_schema: payloadSchema,
  };
}

function createCollection(body: Body): MemoryCollection {
  const vectors = (body.vectors ?? {}) as Body;
  if (typeof vectors.size === "number") throw new Unsupported("an unnamed vector (the model keeps named vectors only)");
  const dense: MemoryCollection["dense"] = {};
  for (const [name, params] of Object.entries(vectors as Record<string, Body>)) {
    if (params.distance !== "Cosine" && params.distance !== "Dot") throw new Unsupported(`distance ${String(params.distance)}`);
    if (params.multivector_config != null) throw new Unsupported("multivectors");
    dense[name] = { size: params.size as number, distance: params.distance };
  }
  return new MemoryCollection(dense, (body.sparse_vectors ?? {}) as MemoryCollection["sparse"]);
}

// Compiling the spec's schemas takes a while; every stand-in of a test run can share them.
let sharedSpec: QdrantSpec | undefined;

/** Starts the stand-in on a free port. */
export async function startQdrantStandIn(): Promise<QdrantStandIn> {
  const spec = (sharedSpec ??= new QdrantSpec());
  const collections = new Map<string, MemoryCollection>();
  const violations: string[] = [];
  const requests: RecordedRequest[] = [];

  const existing = (name: string) => {
    const collection = collections.get(name);
    if (!collection) throw new QdrantError(404, `Not found: Collection \`${name}\` doesn't exist!`);
    return collection;
  };
  const updated = (collection: MemoryCollection, request: CheckedRequest, version = collection.nextVersion()) => ({
    operation_id: version,
    status: request.query.wait === true ? "completed" : "acknowledged",
  });

  const handlers: Record<string, (request: CheckedRequest, name: string, body: Body) => unknown> = {
    root: () => ({ title: "qdrant - vector search engine", version: VERSION }),
    get_collections: () => ({ collections: [...collections.keys()].map((name) => ({ name })) }),
    collection_exists: (_, name) => ({ exists: collections.has(name) }),
    get_collection: (_, name) => collectionInfo(existing(name)),
    create_collection: (_, name, body) => {
      if (collections.has(name)) throw new QdrantError(409, `Wrong input: Collection \`${name}\` already exists!`);
      collections.set(name, createCollection(body));
      return true;
    },
    delete_collection: (_, name) => collections.delete(name),
    create_field_index: (request, name, body) => {
      const collection = existing(name);
      const schema = body.field_schema;
      const dataType = typeof schema === "string" ? schema : (schema as Body | null)?.type;
      if (typeof dataType !== "string") throw new Unsupported("a payload index without a field type");
      collection.payloadSchema[body.field_name as string] = { data_type: dataType, points: 0 };
      return updated(collection, request);
    },
    upsert_points: (request, name, body) => {
      const collection = existing(name);
      if (!Array.isArray(body.points)) throw new Unsupported("upserting a batch (PointsBatch)");
      for (const key of ["shard_key", "update_filter", "update_mode"]) if (body[key] != null) throw new Unsupported(`upsert.${key}`);
      const version = collection.nextVersion();
      collection.upsert(body.points as Parameters<MemoryCollection["upsert"]>[0], version);
      return updated(collection, request, version);
    },
    delete_points: (request, name, body) => {
      const collection = existing(name);
      if (body.shard_key != null) throw new Unsupported("delete.shard_key");
      collection.delete(body as Parameters<MemoryCollection["delete"]>[0]);
      return updated(collection, request);
    },
    count_points: (_, name, body) => {
      if (body.shard_key != null) throw new Unsupported("count.shard_key");
      return { count: existing(name).matching(body.filter).length };
    },
    query_points: (_, name, body) => {
      const withPayload = body.with_payload ?? false;
      const withVector = body.with_vector ?? false;
      if (typeof withPayload !== "boolean" && !Array.isArray(withPayload)) throw new Unsupported("a PayloadSelector in with_payload");
      const points = existing(name)
        .query(body)
        .map(({ point, score }) => ({
          id: point.id,
          version: point.version,
          score,
          ...(withPayload === false
            ? {}
            : {
                payload: Array.isArray(withPayload)
                  ? Object.fromEntries(Object.entries(point.payload).filter(([key]) => withPayload.includes(key)))
                  : point.payload,
              }),
          ...(withVector === false
            ? {}
            : {
                vector: Array.isArray(withVector)
                  ? Object.fromEntries(Object.entries(point.vectors).filter(([key]) => withVector.includes(key)))
                  : point.vectors,
              }),
        }));
      return { points };
    },
  };

  const server = createServer(async (incoming, response) => {
    const started = performance.now();
    const raw = await readBody(incoming);
    const request = spec.checkRequest({ method: incoming.method ?? "", url: incoming.url ?? "", contentType: incoming.headers["content-type"], body: raw });
    const { operationId } = request;
    requests.push({ operationId, method: incoming.method ?? "", url: incoming.url ?? "", query: request.query, body: request.body });
    const time = () => (performance.now() - started) / 1000;
    const failure = (status: number, error: string) => ({ status, answer: { status: { error }, time: time() } as unknown });

    // The readiness probe (the app's health check) answers in plain text, as Qdrant's does.
    if (operationId === "readyz" && request.problems.length === 0) {
      response.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end("all shards are ready");
      return;
    }
    let outcome: { status: number; answer: unknown };
    if (request.problems.length > 0) {
      violations.push(...request.problems);
      outcome = failure(operationId ? 400 : 404, `Validation error: ${request.problems.join("; ")}`);
    } else {
      try {
        const handler = handlers[operationId!];
        if (!handler) throw new Unsupported(`operation ${operationId}`);
        const result = handler(request, request.pathParams.collection_name ?? "", (request.body ?? {}) as Body);
        // Every answer but the root's comes in Qdrant's envelope.
        outcome = { status: 200, answer: operationId === "root" ? result : { result, status: "ok", time: time() } };
      } catch (error) {
        if (error instanceof QdrantError) outcome = failure(error.status, error.message);
        else {
          const message = error instanceof Unsupported ? `stand-in does not implement ${error.message}` : `stand-in failed: ${String(error)}`;
          violations.push(`${operationId}: ${message}`);
          outcome = failure(500, message);
        }
      }
    }
    if (operationId) {
      violations.push(...spec.checkResponse(operationId, outcome.status, outcome.answer).map((problem) => `stand-in answer: ${problem}`));
    }
    response.writeHead(outcome.status, { "content-type": "application/json" }).end(JSON.stringify(outcome.answer));
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    violations,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
