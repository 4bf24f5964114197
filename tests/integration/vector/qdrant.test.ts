import { randomBytes } from "node:crypto";
import { QdrantClient } from "@qdrant/js-client-rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pointId } from "@/lib/vector/point-id";
import { createQdrantStore, DENSE_VECTOR, INDEXED_FIELDS, LEXICAL_VECTOR } from "@/lib/vector/qdrant";
import { COLLECTIONS, RRF_K, type CollectionKind } from "@/lib/vector/types";
import { startQdrantStandIn, type QdrantStandIn } from "@/tests/support/qdrant-stand-in";
import { vectorStoreContract } from "./contract";

type Server = { url: string; apiKey?: string };

/** Fresh collection names under one prefix, so runs never see each other's points. */
function collectionNamer(prefix: string) {
  let run = 0;
  const created: string[] = [];
  return {
    created,
    next(): Record<CollectionKind, string> {
      run += 1;
      const names = Object.fromEntries(COLLECTIONS.map((kind) => [kind, `${prefix}_${run}_${kind}`])) as Record<CollectionKind, string>;
      created.push(...Object.values(names));
      return names;
    },
  };
}

/** What only a Qdrant store promises: the collection layout it creates. Runs on the stand-in and on a live Qdrant. */
function qdrantLayoutTests(server: () => Server, names: () => Record<CollectionKind, string>) {
  it("creates each collection with a Cosine dense vector, an idf sparse vector and keyword indexes", async () => {
    const collections = names();
    const store = createQdrantStore({ ...server(), collections });
    await store.ensureCollections(8);
    const client = new QdrantClient({ ...server(), checkCompatibility: false });
    for (const name of Object.values(collections)) {
      const info = await client.getCollection(name);
      expect(info.config.params.vectors).toEqual({ [DENSE_VECTOR]: expect.objectContaining({ size: 8, distance: "Cosine" }) });
      expect(info.config.params.sparse_vectors).toEqual({ [LEXICAL_VECTOR]: expect.objectContaining({ modifier: "idf" }) });
      for (const field of Object.values(INDEXED_FIELDS)) expect(info.payload_schema[field]).toMatchObject({ data_type: "keyword" });
    }
    await store.close();
  });

  it("explains a refusal with Qdrant's own reason", async () => {
    const store = createQdrantStore({ ...server(), collections: names() });
    await store.ensureCollections(8);
    const payload = { courseId: "c", documentId: "d", entryId: null, title: "t", page: null, section: null, position: 0, text: "текст" };
    await expect(store.upsert("course", [{ id: pointId("d", 0), vector: [1, 2, 3], payload }])).rejects.toThrow(/upsert on collection .*dimension/i);
    await store.close();
  });

  it("refuses a collection laid out by something else", async () => {
    const collections = names();
    const client = new QdrantClient({ ...server(), checkCompatibility: false });
    await client.createCollection(collections.org, { vectors: { [DENSE_VECTOR]: { size: 8, distance: "Dot" } } });
    const store = createQdrantStore({ ...server(), collections });
    await expect(store.ensureCollections(8)).rejects.toThrow(`"${collections.org}" measures Dot distance`);
    // The other two were still set up: one bad collection does not leave the rest half-made.
    expect((await client.getCollection(collections.faq)).payload_schema).toHaveProperty(INDEXED_FIELDS.entryId);
    await store.close();
  });

  it("refuses points it cannot read, naming the collection", async () => {
    const collections = names();
    const store = createQdrantStore({ ...server(), collections });
    await store.ensureCollections(8);
    const client = new QdrantClient({ ...server(), checkCompatibility: false });
    await client.upsert(collections.course, { wait: true, points: [{ id: 7, vector: { [DENSE_VECTOR]: [1, 0, 0, 0, 0, 0, 0, 0] }, payload: { course_id: "c" } }] });
    await expect(store.search("course", { vector: [1, 0, 0, 0, 0, 0, 0, 0], text: "", courseId: "c", limit: 1 })).rejects.toThrow(
      `"${collections.course}" returned point 7`,
    );
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

  describe("the requests it sent", () => {
    const bodiesOf = (operationId: string) => standIn.requests.filter((r) => r.operationId === operationId).map((r) => r.body);

    it("were all valid under Qdrant's OpenAPI spec, as were the answers", () => {
      expect(standIn.violations).toEqual([]);
      const used = new Set(standIn.requests.map((request) => request.operationId));
      for (const operation of ["create_collection", "get_collection", "create_field_index", "upsert_points", "delete_points", "count_points", "query_points"]) {
        expect(used).toContain(operation);
      }
    });

    it("searched through the Query API: dense and sparse prefetches filtered by course, fused by RRF", () => {
      const hybrid = bodiesOf("query_points").find((body) => JSON.stringify(body).includes(LEXICAL_VECTOR));
      expect(hybrid).toMatchObject({
        prefetch: [
          { using: DENSE_VECTOR, query: expect.any(Array), filter: { should: expect.any(Array) } },
          { using: LEXICAL_VECTOR, query: { indices: expect.any(Array), values: expect.any(Array) }, filter: { should: expect.any(Array) } },
        ],
        query: { rrf: { k: RRF_K + 1 } },
        with_vector: [DENSE_VECTOR],
      });
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
    const namer = collectionNamer(`contract_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`);
    afterAll(async () => {
      const client = new QdrantClient({ ...server, checkCompatibility: false });
      await Promise.all(namer.created.map((name) => client.deleteCollection(name)));
    });

    vectorStoreContract("qdrant (live, QDRANT_URL)", async () => {
      const collections = namer.next();
      return [createQdrantStore({ ...server, collections }), createQdrantStore({ ...server, collections })];
    });
    qdrantLayoutTests(() => server, () => namer.next());
  });
}
