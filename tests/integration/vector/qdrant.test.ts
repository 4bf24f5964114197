import { randomBytes } from "node:crypto";
import { QdrantClient } from "@qdrant/js-client-rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentSparseVector } from "@/lib/vector/lexical";
import type { PointPayload } from "@/lib/vector/payload";
import { pointId } from "@/lib/vector/point-id";
import { createQdrantStore, DENSE_VECTOR, INDEXED_FIELDS, LEXICAL_VECTOR, spaceCollection } from "@/lib/vector/qdrant";
import { COLLECTIONS, type CollectionKind, type VectorSpace } from "@/lib/vector/types";
import { startQdrantStandIn, type QdrantStandIn } from "@/tests/support/qdrant-stand-in";
import { vectorStoreContract } from "./contract";

type Server = { url: string; apiKey?: string };

const SPACE: VectorSpace = { key: "f00dfeed", dimension: 8 };
const payload: PointPayload = { courseId: "c", documentId: "d", entryId: null, title: "t", page: null, section: null, position: 0, text: "текст" };

/** Fresh collection names under one prefix, so runs never see each other's points. */
function collectionNamer(prefix: string) {
  let run = 0;
  return {
    next(): Record<CollectionKind, string> {
      run += 1;
      return Object.fromEntries(COLLECTIONS.map((kind) => [kind, `${prefix}_${run}_${kind}`])) as Record<CollectionKind, string>;
    },
  };
}

/** What only a Qdrant store promises: the collection layout it creates. Runs on the stand-in and on a live Qdrant. */
function qdrantLayoutTests(server: () => Server, names: () => Record<CollectionKind, string>) {
  const client = () => new QdrantClient({ ...server(), checkCompatibility: false });

  it("creates passage collections with only an idf sparse vector, and keyword indexes", async () => {
    const collections = names();
    const store = createQdrantStore({ ...server(), collections });
    await store.ensurePassages();
    for (const name of Object.values(collections)) {
      const info = await client().getCollection(name);
      expect(info.config.params.vectors ?? {}).toEqual({});
      expect(info.config.params.sparse_vectors).toEqual({ [LEXICAL_VECTOR]: expect.objectContaining({ modifier: "idf" }) });
      for (const field of Object.values(INDEXED_FIELDS)) expect(info.payload_schema[field]).toMatchObject({ data_type: "keyword" });
    }
    await store.close();
  });

  it("creates a space's collections as <name>__<key> with a Cosine dense vector, and keyword indexes", async () => {
    const collections = names();
    const store = createQdrantStore({ ...server(), collections });
    await store.ensureSpace(SPACE);
    for (const name of Object.values(collections)) {
      expect(spaceCollection(name, SPACE)).toBe(`${name}__${SPACE.key}`);
      const info = await client().getCollection(`${name}__${SPACE.key}`);
      expect(info.config.params.vectors).toEqual({ [DENSE_VECTOR]: expect.objectContaining({ size: 8, distance: "Cosine" }) });
      expect(info.config.params.sparse_vectors ?? {}).toEqual({});
      for (const field of Object.values(INDEXED_FIELDS)) expect(info.payload_schema[field]).toMatchObject({ data_type: "keyword" });
    }
    await store.close();
  });

  it("uses a legacy collection with a dense vector beside the sparse one for passages", async () => {
    const collections = names();
    await client().createCollection(collections.course, {
      vectors: { [DENSE_VECTOR]: { size: 8, distance: "Cosine" } },
      sparse_vectors: { [LEXICAL_VECTOR]: { modifier: "idf" } },
    });
    const store = createQdrantStore({ ...server(), collections });
    await store.ensurePassages();
    await store.upsertPassages("course", [{ id: pointId("d", 0), payload }]);
    expect((await store.lexicalSearch("course", { text: "текст", courseId: "c", limit: 1 })).map((hit) => hit.id)).toEqual([pointId("d", 0)]);
    await store.close();
  });

  it("refuses a passage collection without the idf sparse vector", async () => {
    const collections = names();
    await client().createCollection(collections.faq, { vectors: { [DENSE_VECTOR]: { size: 8, distance: "Cosine" } } });
    const store = createQdrantStore({ ...server(), collections });
    await expect(store.ensurePassages()).rejects.toThrow(`"${collections.faq}" has no sparse vector "${LEXICAL_VECTOR}" with the idf modifier`);
    // The other two were still set up: one bad collection does not leave the rest half-made.
    expect((await client().getCollection(collections.org)).payload_schema).toHaveProperty(INDEXED_FIELDS.entryId);
    await store.close();
  });

  it("refuses a space collection laid out by something else", async () => {
    const collections = names();
    await client().createCollection(`${collections.org}__${SPACE.key}`, { vectors: { [DENSE_VECTOR]: { size: 8, distance: "Dot" } } });
    const store = createQdrantStore({ ...server(), collections });
    await expect(store.ensureSpace(SPACE)).rejects.toThrow(`"${collections.org}__${SPACE.key}" measures Dot distance`);
    await store.close();
  });

  it("explains a refusal with Qdrant's own reason", async () => {
    const store = createQdrantStore({ ...server(), collections: names() });
    await store.ensureSpace(SPACE);
    await expect(store.upsertVectors("course", SPACE, [{ id: pointId("d", 0), vector: [1, 2, 3], payload }])).rejects.toThrow(
      /upsert on collection .*dimension/i,
    );
    await store.close();
  });

  it("refuses points it cannot read, naming the collection", async () => {
    const collections = names();
    const store = createQdrantStore({ ...server(), collections });
    await store.ensurePassages();
    await store.ensureSpace(SPACE);
    const vector = [1, 0, 0, 0, 0, 0, 0, 0];
    await client().upsert(`${collections.course}__${SPACE.key}`, { wait: true, points: [{ id: 7, vector: { [DENSE_VECTOR]: vector }, payload: { course_id: "c" } }] });
    await expect(store.denseSearch("course", SPACE, { vector, courseId: "c", limit: 1 })).rejects.toThrow(
      `"${collections.course}__${SPACE.key}" returned point 7`,
    );
    await client().upsert(collections.course, { wait: true, points: [{ id: 8, vector: { [LEXICAL_VECTOR]: documentSparseVector("текст") }, payload: { course_id: "c" } }] });
    await expect(store.lexicalSearch("course", { text: "текст", courseId: "c", limit: 1 })).rejects.toThrow(`"${collections.course}" returned point 8`);
    await store.close();
  });
}

describe("Qdrant store on the OpenAPI-validating stand-in", () => {
  let standIn: QdrantStandIn;
  const namer = collectionNamer(`stand_in_${randomBytes(3).toString("hex")}`);
  beforeAll(async () => {
    standIn = await startQdrantStandIn();
  });
  afterAll(() => standIn?.close());

  vectorStoreContract("qdrant (OpenAPI-validated stand-in)", async () => {
    const collections = namer.next();
    return [createQdrantStore({ url: standIn.url, collections }), createQdrantStore({ url: standIn.url, collections })];
  });
  qdrantLayoutTests(() => ({ url: standIn.url }), () => namer.next());

  it("creates each collection with the configured shards and replicas (QDRANT_SHARDS, QDRANT_REPLICAS)", async () => {
    const collections = namer.next();
    const store = createQdrantStore({ url: standIn.url, collections, distribution: { shard_number: 3, replication_factor: 2 } });
    await store.ensurePassages();
    const created = standIn.requests.filter((r) => r.operationId === "create_collection" && Object.values(collections).some((name) => r.url.includes(`/collections/${name}`)));
    expect(created).toHaveLength(3);
    for (const request of created) expect(request.body).toMatchObject({ shard_number: 3, replication_factor: 2 });
    await store.close();
  });

  describe("the requests it sent", () => {
    const bodiesOf = (operationId: string) => standIn.requests.filter((r) => r.operationId === operationId).map((r) => r.body);
    const queriesOf = (vector: string) => standIn.requests.filter((r) => r.operationId === "query_points" && (r.body as { using?: string }).using === vector);

    it("were all valid under Qdrant's OpenAPI spec, as were the answers", () => {
      expect(standIn.violations).toEqual([]);
      const used = new Set(standIn.requests.map((request) => request.operationId));
      for (const operation of [
        "create_collection",
        "get_collection",
        "get_collections",
        "create_field_index",
        "upsert_points",
        "delete_points",
        "count_points",
        "query_points",
      ]) {
        expect(used).toContain(operation);
      }
    });

    it("searched words in the passage collection and vectors in the space's, each alone, filtered by course", () => {
      const courseFilter = { should: [{ key: INDEXED_FIELDS.courseId, match: { value: expect.any(String) } }, { is_empty: { key: INDEXED_FIELDS.courseId } }] };
      const lexical = queriesOf(LEXICAL_VECTOR);
      const dense = queriesOf(DENSE_VECTOR);
      expect(lexical.length).toBeGreaterThan(0);
      expect(dense.length).toBeGreaterThan(0);
      for (const request of lexical) {
        expect(request.url).not.toContain("__");
        expect(request.body).toEqual({
          query: { indices: expect.any(Array), values: expect.any(Array) },
          using: LEXICAL_VECTOR,
          filter: courseFilter,
          limit: expect.any(Number),
          with_payload: true,
        });
      }
      for (const request of dense) {
        expect(request.url).toMatch(/__[^/]+\/points\/query$/);
        expect(request.body).toEqual({ query: expect.any(Array), using: DENSE_VECTOR, filter: courseFilter, limit: expect.any(Number), with_payload: true });
      }
    });

    it("waited for writes and counted exactly", () => {
      const writes = standIn.requests.filter((r) => ["upsert_points", "delete_points", "create_field_index"].includes(r.operationId ?? ""));
      expect(writes.length).toBeGreaterThan(0);
      for (const write of writes) expect(write.query).toMatchObject({ wait: true });
      for (const body of bodiesOf("count_points")) expect(body).toMatchObject({ exact: true });
    });
  });
});

const liveUrl = process.env.QDRANT_URL;
if (liveUrl) {
  describe(`Qdrant store on the live Qdrant at ${liveUrl}`, () => {
    const server: Server = { url: liveUrl, apiKey: process.env.QDRANT_API_KEY || undefined };
    const prefix = `contract_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
    const namer = collectionNamer(prefix);
    afterAll(async () => {
      // Space collections are named after their passage collections, so the prefix finds them all.
      const client = new QdrantClient({ ...server, checkCompatibility: false });
      const { collections } = await client.getCollections();
      await Promise.all(collections.filter(({ name }) => name.startsWith(prefix)).map(({ name }) => client.deleteCollection(name)));
    });

    vectorStoreContract("qdrant (live, QDRANT_URL)", async () => {
      const collections = namer.next();
      return [createQdrantStore({ ...server, collections }), createQdrantStore({ ...server, collections })];
    });
    qdrantLayoutTests(() => server, () => namer.next());
  });
}
