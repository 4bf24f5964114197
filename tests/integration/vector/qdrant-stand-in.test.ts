import { QdrantClient } from "@qdrant/js-client-rest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { QdrantSpec } from "@/tests/support/qdrant-openapi";
import { startQdrantStandIn, type QdrantStandIn } from "@/tests/support/qdrant-stand-in";

/**
 * The stand-in is only worth its green runs if it refuses what Qdrant would refuse; these tests
 * send it what the spec forbids and check that it answers with an error and records the violation.
 */
describe("Qdrant stand-in", () => {
  let standIn: QdrantStandIn;
  beforeEach(async () => {
    standIn = await startQdrantStandIn();
  });
  afterEach(() => standIn.close());

  const send = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${standIn.url}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { status: unknown; result?: unknown } };
  };

  it("answers a body with a wrongly typed field with 400 and records it", async () => {
    const answer = await send("PUT", "/collections/bad", { vectors: { dense: { size: "eight", distance: "Cosine" } } });
    expect(answer.status).toBe(400);
    expect(answer.body.status).toEqual({ error: expect.stringMatching(/size must be integer/) });
    expect(standIn.violations).toEqual(expect.arrayContaining([expect.stringMatching(/create_collection body\/vectors\/dense\/size must be integer/)]));
    expect((await send("GET", "/collections/bad/exists")).body.result).toEqual({ exists: false });
  });

  it("records query parameters of the wrong type or unknown to the spec", async () => {
    await send("PUT", "/collections/c", { vectors: { dense: { size: 2, distance: "Cosine" } } });
    expect((await send("PUT", "/collections/c/points?wait=maybe", { points: [] })).status).toBe(400);
    expect((await send("POST", "/collections/c/points/count?exact=true", {})).status).toBe(400);
    expect(standIn.violations).toEqual([
      expect.stringMatching(/upsert_points query parameter wait must be boolean/),
      'count_points: unknown query parameter "exact"',
    ]);
  });

  it("records endpoints the 1.19 spec does not have, such as the removed points/search", async () => {
    await send("PUT", "/collections/c", { vectors: { dense: { size: 2, distance: "Cosine" } } });
    const answer = await send("POST", "/collections/c/points/search", { vector: [1, 0], limit: 1 });
    expect(answer.status).toBe(404);
    expect(standIn.violations).toEqual(["POST /collections/c/points/search: no such operation in the spec"]);
  });

  it("records a valid request it cannot model instead of answering it wrongly", async () => {
    await send("PUT", "/collections/c", { vectors: { dense: { size: 2, distance: "Cosine" } } });
    const answer = await send("POST", "/collections/c/points/query", { prefetch: [{ query: [1, 0], using: "dense" }], query: { fusion: "rrf" } });
    expect(answer.status).toBe(500);
    expect(standIn.violations).toEqual(["query_points: stand-in does not implement query.prefetch"]);
  });

  it("holds collections with sparse vectors only and lists every collection by name", async () => {
    const client = new QdrantClient({ url: standIn.url, checkCompatibility: false });
    await client.createCollection("words", { sparse_vectors: { words: { modifier: "idf" } } });
    await client.createCollection("words__space", { vectors: { dense: { size: 2, distance: "Cosine" } } });
    expect((await client.getCollection("words")).config.params).toMatchObject({ vectors: {}, sparse_vectors: { words: { modifier: "idf" } } });
    // A point with no vector at all (a passage without words) is kept for its payload.
    await client.upsert("words", { wait: true, points: [{ id: 1, vector: {}, payload: { text: "и" } }] });
    expect((await client.count("words", { exact: true })).count).toBe(1);
    expect((await client.getCollections()).collections.map((c) => c.name).sort()).toEqual(["words", "words__space"]);
    expect(standIn.violations).toEqual([]);
  });

  it("scores as Qdrant does: sparse terms weighted by idf, Cosine vectors normalised", async () => {
    const client = new QdrantClient({ url: standIn.url, checkCompatibility: false });
    await client.createCollection("c", { vectors: { dense: { size: 2, distance: "Cosine" } }, sparse_vectors: { words: { modifier: "idf" } } });
    const words = (...indices: number[]) => ({ indices, values: indices.map(() => 1) });
    await client.upsert("c", {
      wait: true,
      points: [
        { id: 1, vector: { dense: [3, 0], words: words(1, 2) } },
        { id: 2, vector: { dense: [1, 1], words: words(2) } },
        { id: 3, vector: { dense: [0, 1], words: words(2) } },
      ],
    });
    const sparse = await client.query("c", { query: words(1, 2), using: "words" });
    // idf = ln((N - n + 0.5) / (n + 0.5) + 1): term 1 is in one of three points, term 2 in all.
    const idf = (n: number) => Math.log((3 - n + 0.5) / (n + 0.5) + 1);
    expect(sparse.points.map((p) => [p.id, p.score])).toEqual([
      [1, idf(1) + idf(3)],
      [2, idf(3)],
      [3, idf(3)],
    ]);

    const dense = await client.query("c", { query: [2, 0], using: "dense", with_vector: true });
    expect(dense.points.map((p) => p.id)).toEqual([1, 2, 3]);
    expect(dense.points.map((p) => p.score)).toEqual([1, expect.closeTo(Math.SQRT1_2, 12), 0]);
    // Cosine collections keep vectors normalised, as Qdrant does.
    expect(dense.points[0].vector).toEqual({ dense: [1, 0], words: words(1, 2) });
    expect(standIn.violations).toEqual([]);
  });
});

describe("QdrantSpec", () => {
  const spec = new QdrantSpec();

  it("accepts a spec-valid answer and rejects one that breaks the response schema", () => {
    expect(spec.checkResponse("count_points", 200, { result: { count: 3 }, status: "ok", time: 0.001 })).toEqual([]);
    expect(spec.checkResponse("count_points", 200, { result: { count: -1 }, status: "ok", time: 0.001 })).toEqual(
      expect.arrayContaining([expect.stringMatching(/count must be >= 0/)]),
    );
    expect(spec.checkResponse("query_points", 200, { result: { points: [{ id: "not-a-uuid", score: 1, version: 0 }] }, status: "ok", time: 0 })).not.toEqual([]);
  });

  it("reads nullable fields as OpenAPI 3.0 means them", () => {
    const request = (body: unknown) => ({ method: "POST", url: "/collections/c/points/query", contentType: "application/json", body: JSON.stringify(body) });
    expect(spec.checkRequest(request({ filter: null, using: null, limit: 3 })).problems).toEqual([]);
    expect(spec.checkRequest(request({ limit: null })).problems).toEqual([]);
    expect(spec.checkRequest(request({ using: 5 })).problems).not.toEqual([]);
    expect(spec.checkRequest(request({ filter: { must: [{ key: "k", match: { value: 1.5 } }] } })).problems).not.toEqual([]);
  });
});
