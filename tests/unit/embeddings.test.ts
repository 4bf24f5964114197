import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config/load";
import { createEmbedder } from "@/lib/embeddings";
import { cleanup, embed as sidecarEmbed, makeModelDir, maxAbsDiff, norm, startSidecar, type RunningSidecar } from "../../gpu-sidecar/test/sidecar-process";

const texts = Array.from({ length: 10 }, (_, i) => `Фрагмент лекции ${i}: пределы и непрерывность функций`);

describe("embedding client against the real sidecar", () => {
  let sidecar: RunningSidecar;
  let modelDir: string;

  beforeAll(async () => {
    modelDir = await makeModelDir({ prefixes: { query: "query: ", passage: "passage: " }, matryoshkaDimensions: [16] });
    sidecar = await startSidecar(modelDir, { SIDECAR_MAX_INPUTS_PER_REQUEST: "4" });
    await sidecar.waitReady();
  });

  afterAll(async () => {
    await sidecar?.stop();
    await cleanup(modelDir);
  });

  const embeddingCalls = async () => {
    const metrics = await (await fetch(`${sidecar.url}/metrics`)).text();
    return Number(/^sidecar_requests_total\{route="\/v1\/embeddings",status="200"\} (\S+)$/m.exec(metrics)?.[1] ?? 0);
  };

  it("embeds passages and queries with the sidecar's prefixes, split by the limit from /info", async () => {
    const embedder = createEmbedder(parseConfig({ EMBEDDINGS_PROVIDER: "sidecar", EMBEDDINGS_URL: sidecar.url }));
    const callsBefore = await embeddingCalls();
    const passages = await embedder.embed(texts, "passage");
    expect(await embeddingCalls()).toBe(callsBefore + 3);
    expect(passages).toHaveLength(10);
    for (const vector of passages) {
      expect(vector).toHaveLength(32);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
    const direct = await sidecarEmbed(sidecar.url, { input: texts.slice(0, 4), input_type: "passage" });
    direct.forEach((vector, i) => expect(maxAbsDiff(vector, passages[i]!)).toBeLessThan(1e-6));

    const [query] = await embedder.embed([texts[0]!], "query");
    expect(maxAbsDiff(query!, passages[0]!)).toBeGreaterThan(1e-3);
    expect(await embedder.embed([], "query")).toEqual([]);
  });

  it("asks for Matryoshka dimensions from EMBEDDINGS_DIMENSIONS", async () => {
    const embedder = createEmbedder(parseConfig({ EMBEDDINGS_PROVIDER: "sidecar", EMBEDDINGS_URL: sidecar.url, EMBEDDINGS_DIMENSIONS: "16" }));
    const [vector] = await embedder.embed(["короткий вектор"], "query");
    expect(vector).toHaveLength(16);
    expect(norm(vector!)).toBeCloseTo(1, 5);
  });

  it("reports a refused request as an error", async () => {
    const embedder = createEmbedder(parseConfig({ EMBEDDINGS_PROVIDER: "sidecar", EMBEDDINGS_URL: sidecar.url, EMBEDDINGS_DIMENSIONS: "7" }));
    await expect(embedder.embed(["x"], "query")).rejects.toThrow(/embedding sidecar answered 400: .*dimensions must be one of 16, 32/);
  });
});

type GeminiRequest = { model: string; content: { parts: { text: string }[] }; taskType?: string; outputDimensionality?: number };

/** A local stand-in speaking the Gemini API's embedding wire format (batchEmbedContents and embedContent). */
function geminiStandIn(received: { path: string; apiKey: string | undefined; body: unknown }[]): Server {
  const vectorFor = (request: GeminiRequest, seed: number) =>
    Array.from({ length: request.outputDimensionality ?? 3072 }, (_, d) => ((seed + 1) * (d + 3)) % 7);
  return createServer(async (request: IncomingMessage, response) => {
    let raw = "";
    for await (const chunk of request) raw += String(chunk);
    const body = JSON.parse(raw) as { requests?: GeminiRequest[] } & GeminiRequest;
    received.push({ path: request.url ?? "", apiKey: request.headers["x-goog-api-key"] as string | undefined, body });
    response.setHeader("content-type", "application/json");
    if (request.url?.endsWith(":batchEmbedContents")) {
      response.end(JSON.stringify({ embeddings: body.requests!.map((item, i) => ({ values: vectorFor(item, i) })) }));
    } else if (request.url?.endsWith(":embedContent")) {
      response.end(JSON.stringify({ embedding: { values: vectorFor(body, 0) } }));
    } else {
      response.statusCode = 404;
      response.end(JSON.stringify({ error: { code: 404, message: "not found", status: "NOT_FOUND" } }));
    }
  });
}

describe("embedding client with EMBEDDINGS_PROVIDER=gemini", () => {
  const received: { path: string; apiKey: string | undefined; body: unknown }[] = [];
  const server = geminiStandIn(received);
  let baseUrl: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1beta`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sends batchEmbedContents with the task type and outputDimensionality, and returns unit vectors", async () => {
    const config = parseConfig({ EMBEDDINGS_PROVIDER: "gemini", GEMINI_API_KEY: "test-key", EMBEDDINGS_DIMENSIONS: "8" });
    const embedder = createEmbedder(config, { geminiBaseUrl: baseUrl });
    expect(embedder.modelId).toBe("gemini-embedding-001");
    const vectors = await embedder.embed(["первый", "второй", "третий"], "passage");

    expect(received).toHaveLength(1);
    expect(received[0]!.path).toBe("/v1beta/models/gemini-embedding-001:batchEmbedContents");
    expect(received[0]!.apiKey).toBe("test-key");
    const { requests } = received[0]!.body as { requests: GeminiRequest[] };
    expect(requests.map((r) => r.content.parts[0]!.text)).toEqual(["первый", "второй", "третий"]);
    for (const r of requests) expect(r).toMatchObject({ model: "models/gemini-embedding-001", taskType: "RETRIEVAL_DOCUMENT", outputDimensionality: 8 });

    expect(vectors).toHaveLength(3);
    for (const vector of vectors) {
      expect(vector).toHaveLength(8);
      expect(norm(vector)).toBeCloseTo(1, 6);
    }
    expect(maxAbsDiff(vectors[0]!, vectors[1]!)).toBeGreaterThan(1e-3);
  });

  it("marks queries as RETRIEVAL_QUERY", async () => {
    const embedder = createEmbedder(parseConfig({ EMBEDDINGS_PROVIDER: "gemini", GEMINI_API_KEY: "test-key", EMBEDDINGS_DIMENSIONS: "8" }), { geminiBaseUrl: baseUrl });
    received.length = 0;
    await embedder.embed(["когда экзамен?", "где аудитория?"], "query");
    const { requests } = received[0]!.body as { requests: GeminiRequest[] };
    expect(requests.map((r) => r.taskType)).toEqual(["RETRIEVAL_QUERY", "RETRIEVAL_QUERY"]);
  });
});
