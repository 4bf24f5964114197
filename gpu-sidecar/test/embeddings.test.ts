import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cleanup,
  embed,
  histogram,
  makeModelDir,
  maxAbsDiff,
  norm,
  postEmbeddings,
  startSidecar,
  type EmbeddingsResponse,
  type RunningSidecar,
} from "./sidecar-process.js";

const FAULT_MARKER = "<<crash this batch>>";
const MAX_TOKENS = 64;
const MAX_INPUTS = 16;
const MAX_BODY = 65_536;
const text = "Собственные значения матрицы: лекция 5 по линейной алгебре";
const longText = (tail: string) => `${"Глава первая: введение в курс и основные определения. ".repeat(30)} ${tail}`;

let sidecar: RunningSidecar;
let modelDir: string;

beforeAll(async () => {
  modelDir = await makeModelDir({ maxTokens: MAX_TOKENS, prefixes: { query: "query: ", passage: "passage: " }, matryoshkaDimensions: [16] });
  sidecar = await startSidecar(
    modelDir,
    { SIDECAR_MAX_INPUTS_PER_REQUEST: String(MAX_INPUTS), SIDECAR_MAX_BODY_BYTES: String(MAX_BODY), SIDECAR_MAX_WAIT_MS: "20" },
    { marker: FAULT_MARKER },
  );
  await sidecar.waitReady();
});

afterAll(async () => {
  await sidecar?.stop();
  await cleanup(modelDir);
});

describe("POST /v1/embeddings", () => {
  it("answers in OpenAI's shape with one unit-length vector per input", async () => {
    const inputs = ["Привет, мир", "Hello world", "Лекция 3: интегралы"];
    const { status, headers, json } = await postEmbeddings(sidecar.url, { input: inputs, model: "anything" });
    expect(status).toBe(200);
    const body = json as EmbeddingsResponse;
    expect(body.object).toBe("list");
    expect(body.model).toBe("fixture/bert-tiny-random");
    expect(body.data.map((item) => [item.object, item.index])).toEqual([["embedding", 0], ["embedding", 1], ["embedding", 2]]);
    for (const item of body.data) {
      expect(item.embedding).toHaveLength(32);
      expect(norm(item.embedding as number[])).toBeCloseTo(1, 5);
    }
    expect(body.usage.prompt_tokens).toBeGreaterThan(inputs.length * 2);
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens);
    expect(headers.get("x-compute-tokens")).toBe(String(body.usage.prompt_tokens));
    for (const header of ["x-total-time", "x-tokenization-time", "x-queue-time", "x-inference-time"]) {
      expect(Number(headers.get(header))).toBeGreaterThanOrEqual(0);
    }
    expect(Number(headers.get("x-inference-time"))).toBeGreaterThan(0);

    const [single] = await embed(sidecar.url, { input: "Hello world" });
    expect(maxAbsDiff(single!, body.data[1]!.embedding as number[])).toBeLessThan(1e-5);
  });

  it("gives a text the same vector whatever batch it lands in", async () => {
    const [alone] = await embed(sidecar.url, { input: [text] });
    const mixed = await embed(sidecar.url, { input: ["a", longText("x"), text, "короткий запрос"] });
    const concurrent = await Promise.all(
      Array.from({ length: 8 }, (_, i) => embed(sidecar.url, { input: [longText(String(i)), text, "q".repeat(i + 1)] })),
    );
    expect(maxAbsDiff(alone!, mixed[2]!)).toBeLessThan(1e-5);
    for (const vectors of concurrent) expect(maxAbsDiff(alone!, vectors[1]!)).toBeLessThan(1e-5);
    expect(maxAbsDiff(alone!, mixed[3]!)).toBeGreaterThan(1e-3);
  });

  it("batches inputs of concurrent requests together", async () => {
    const before = histogram(await (await fetch(`${sidecar.url}/metrics`)).text(), "sidecar_batch_size");
    const requests = Array.from({ length: 24 }, (_, i) => embed(sidecar.url, { input: [`запрос номер ${i} о расписании экзаменов`] }));
    expect(await Promise.all(requests)).toHaveLength(24);
    const after = histogram(await (await fetch(`${sidecar.url}/metrics`)).text(), "sidecar_batch_size");
    const batches = after.count - before.count;
    const inputs = after.sum - before.sum;
    expect(inputs).toBe(24);
    expect(batches).toBeLessThan(24);
  });

  it("applies the model's query and passage prefixes from sidecar.json", async () => {
    const [query] = await embed(sidecar.url, { input: [text], input_type: "query" });
    const [passage] = await embed(sidecar.url, { input: [text], input_type: "passage" });
    const [plain] = await embed(sidecar.url, { input: [text] });
    const [manual] = await embed(sidecar.url, { input: [`query: ${text}`] });
    expect(maxAbsDiff(query!, manual!)).toBeLessThan(1e-5);
    expect(maxAbsDiff(query!, passage!)).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(query!, plain!)).toBeGreaterThan(1e-3);
  });

  it("truncates long inputs at the model's maximum, or refuses them with truncate: false", async () => {
    const { json } = await postEmbeddings(sidecar.url, { input: [longText("one")] });
    expect((json as EmbeddingsResponse).usage.prompt_tokens).toBe(MAX_TOKENS);
    // Texts that differ only after the cut embed identically.
    const [a, b] = await embed(sidecar.url, { input: [longText("конец один"), longText("совсем другой конец")] });
    expect(maxAbsDiff(a!, b!)).toBeLessThan(1e-5);

    const refused = await postEmbeddings(sidecar.url, { input: ["short", longText("two")], truncate: false });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: { type: "invalid_request_error", param: "input" } });
    expect((refused.json as { error: { message: string } }).error.message).toMatch(/input\[1\] has \d+ tokens, more than the model's maximum of 64/);
    expect((await postEmbeddings(sidecar.url, { input: ["short"], truncate: false })).status).toBe(200);
  });

  it("encodes base64 as little-endian float32, the same values as the float format", async () => {
    const input = ["Привет", "base64 please"];
    const floats = await embed(sidecar.url, { input });
    const { json } = await postEmbeddings(sidecar.url, { input, encoding_format: "base64" });
    const decoded = (json as EmbeddingsResponse).data.map((item) => {
      const bytes = Buffer.from(item.embedding as string, "base64");
      return Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
    });
    expect(decoded).toEqual(floats);
  });

  it("truncates to Matryoshka dimensions the model allows and re-normalises", async () => {
    const [full] = await embed(sidecar.url, { input: [text] });
    const [short] = await embed(sidecar.url, { input: [text], dimensions: 16 });
    expect(short).toHaveLength(16);
    expect(norm(short!)).toBeCloseTo(1, 5);
    const head = full!.slice(0, 16);
    const scale = norm(head);
    expect(maxAbsDiff(short!, head.map((value) => value / scale))).toBeLessThan(1e-5);
    expect((await embed(sidecar.url, { input: [text], dimensions: 32 }))[0]).toHaveLength(32);

    const refused = await postEmbeddings(sidecar.url, { input: [text], dimensions: 8 });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: { param: "dimensions", message: "dimensions must be one of 16, 32 for model fixture/bert-tiny-random" } });
  });

  const badInputs: [string, unknown, number, string | null][] = [
    ["an empty list", { input: [] }, 400, "input"],
    ["an empty string", { input: "" }, 400, "input"],
    ["an empty string in a list", { input: ["ok", ""] }, 400, "input"],
    ["a number in a list", { input: ["ok", 42] }, 400, "input"],
    ["a number as input", { input: 42 }, 400, "input"],
    ["nested lists", { input: [["nested"]] }, 400, "input"],
    ["no input at all", { model: "x" }, 400, "input"],
    ["an unknown encoding format", { input: "x", encoding_format: "xml" }, 400, "encoding_format"],
    ["an unknown input type", { input: "x", input_type: "document" }, 400, "input_type"],
    ["a non-boolean truncate", { input: "x", truncate: "no" }, 400, "truncate"],
    ["a JSON array body", "[1, 2]", 400, "body"],
    ["malformed JSON", '{"input": ["unterminated', 400, null],
    ["more inputs than the per-request limit", { input: Array.from({ length: MAX_INPUTS + 1 }, () => "x") }, 413, "input"],
    ["an oversize body", { input: ["x".repeat(MAX_BODY)] }, 400, null],
  ];

  it.each(badInputs)("answers %s with an OpenAI-style error", async (_name, body, status, param) => {
    const response = await postEmbeddings(sidecar.url, body);
    expect(response.status).toBe(status);
    const { error } = response.json as { error: { message: unknown; type: unknown; param: unknown } };
    expect(error).toMatchObject({ type: "invalid_request_error", param });
    expect(error.message).toEqual(expect.any(String));
  });

  it("fails only the crashing batch with 500 and keeps serving", async () => {
    const crashed = await postEmbeddings(sidecar.url, { input: [`text with ${FAULT_MARKER}`, "innocent neighbour"] });
    expect(crashed.status).toBe(500);
    expect(crashed.json).toMatchObject({ error: { type: "server_error", message: expect.stringContaining("inference failed") } });
    expect(await embed(sidecar.url, { input: ["still serving"] })).toHaveLength(1);
    expect((await fetch(`${sidecar.url}/health`)).status).toBe(200);
  });
});

describe("GET endpoints", () => {
  it("/info reports the model, the provider in use and the batching limits", async () => {
    const info = await (await fetch(`${sidecar.url}/info`)).json();
    expect(info).toEqual({
      model_id: "fixture/bert-tiny-random",
      dimension: 32,
      matryoshka_dimensions: [16],
      max_input_tokens: MAX_TOKENS,
      pooling: "mean",
      normalized: true,
      prefixes: { query: "query: ", passage: "passage: " },
      execution_provider: "cpu",
      max_batch_tokens: 16_384,
      max_batch_size: 64,
      max_inputs_per_request: MAX_INPUTS,
      max_concurrent_requests: 512,
      max_wait_ms: 20,
      max_body_bytes: MAX_BODY,
      // No SIDECAR_CHAT_MODEL_PATH: embeddings only.
      chat: null,
    });
  });

  it("/metrics exposes requests, errors, queue wait, batch sizes, throughput and inference time", async () => {
    await embed(sidecar.url, { input: ["metrics"] });
    const response = await fetch(`${sidecar.url}/metrics`);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const metrics = await response.text();
    expect(metrics).toMatch(/^sidecar_requests_total\{route="\/v1\/embeddings",status="200"\} \d+/m);
    expect(metrics).toMatch(/^sidecar_errors_total\{type="invalid_request_error"\} \d+/m);
    for (const name of ["sidecar_queue_wait_seconds", "sidecar_batch_size", "sidecar_inference_seconds", "sidecar_tokenization_seconds"]) {
      expect(histogram(metrics, name).count).toBeGreaterThan(0);
    }
    expect(Number(/^sidecar_tokens_total (\S+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);
    expect(Number(/^sidecar_tokens_per_second (\S+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);
  });

  it("answers unknown routes with 404 and wrong methods with 405", async () => {
    expect((await fetch(`${sidecar.url}/v2/nothing`)).status).toBe(404);
    const wrongMethod = await fetch(`${sidecar.url}/v1/embeddings`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
  });
});
