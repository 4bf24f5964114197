import { mkdtemp, rename, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cleanup, makeModelDir, startSidecar, type RunningSidecar, type SidecarFaults } from "./sidecar-process.js";
import { writeTinyGguf } from "./tiny-gguf.js";

type Completion = {
  object: string;
  model: string;
  choices: { index: number; message: { role: string; content: string }; finish_reason: string }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
};
type ChunkBody = { object: string; choices: { delta: { role?: string; content?: string }; finish_reason: string | null }[]; usage?: Completion["usage"] };

let workDir: string;
let modelFile: string;
let embeddingDir: string;
const started: RunningSidecar[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "sidecar-chat-"));
  modelFile = await writeTinyGguf(path.join(workDir, "tiny.gguf"));
  embeddingDir = await makeModelDir();
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
  await cleanup(embeddingDir);
});

afterEach(async () => {
  for (const sidecar of started.splice(0)) await sidecar.stop();
});

/** A sidecar serving the tiny chat model on one thread (two threads only fight over this machine's two cores). */
async function start(env: Record<string, string> = {}, faults: SidecarFaults = {}): Promise<RunningSidecar> {
  const sidecar = await startSidecar(embeddingDir, { SIDECAR_CHAT_MODEL_PATH: modelFile, SIDECAR_CHAT_THREADS: "1", SIDECAR_CHAT_CONTEXT: "512", ...env }, faults);
  started.push(sidecar);
  await sidecar.waitReady();
  return sidecar;
}

const question = { messages: [{ role: "system", content: "Отвечай кратко." }, { role: "user", content: "Когда экзамен?" }] };

async function complete(url: string, body: unknown, init: RequestInit = {}) {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...init,
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Completion & { error: { message: string; type: string; param: string | null; code: string | null } } };
}

/** The SSE events of a streamed completion, parsed, with the raw text to check the framing. */
async function stream(url: string, body: Record<string, unknown>) {
  const response = await fetch(`${url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...body, stream: true }) });
  const raw = await response.text();
  const events = raw.split("\n\n").filter((event) => event !== "");
  return { response, raw, events, chunks: events.filter((event) => event !== "data: [DONE]").map((event) => JSON.parse(event.replace(/^data: /, "")) as ChunkBody) };
}

const metricValue = (text: string, line: string) => Number(new RegExp(`^${line.replace(/[{}"]/g, "\\$&")} (\\S+)$`, "m").exec(text)?.[1] ?? Number.NaN);

describe("chat completions", () => {
  it("answers in OpenAI's format with usage, the same text streamed and not", async () => {
    // Slower than the stream interval: each token is an event of its own.
    const sidecar = await start({}, { tokenDelayMs: 30 });
    const request = { ...question, max_tokens: 24, temperature: 0 };
    const plain = await complete(sidecar.url, request);
    expect(plain.status).toBe(200);
    expect(plain.json).toMatchObject({ object: "chat.completion", model: "tiny-random-llama", choices: [{ index: 0, message: { role: "assistant" }, finish_reason: "length" }] });
    expect(plain.json.choices[0]!.message.content.length).toBeGreaterThan(0);
    const { usage } = plain.json;
    expect(usage.completion_tokens).toBe(24);
    expect(usage.prompt_tokens).toBeGreaterThan(10);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);

    const streamed = await stream(sidecar.url, { ...request, stream_options: { include_usage: true } });
    expect(streamed.response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(streamed.events.every((event) => event.startsWith("data: "))).toBe(true);
    expect(streamed.events.at(-1)).toBe("data: [DONE]");
    expect(streamed.chunks[0]!.choices[0]!.delta).toEqual({ role: "assistant", content: "" });
    const text = streamed.chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
    expect(text).toBe(plain.json.choices[0]!.message.content);
    expect(streamed.chunks.filter((chunk) => (chunk.choices[0]?.delta.content ?? "") !== "").length).toBeGreaterThan(5);
    expect(streamed.chunks.at(-2)!.choices[0]!.finish_reason).toBe("length");
    expect(streamed.chunks.at(-1)).toMatchObject({ choices: [], usage });

    const withoutUsage = await stream(sidecar.url, request);
    expect(withoutUsage.chunks.some((chunk) => chunk.usage)).toBe(false);
  });

  it("sends text generated within SIDECAR_CHAT_STREAM_INTERVAL_MS in one event, the first text at once", async () => {
    const sidecar = await start({ SIDECAR_CHAT_STREAM_INTERVAL_MS: "150" }, { tokenDelayMs: 5 });
    const request = { ...question, max_tokens: 60, temperature: 0 };
    const started = performance.now();
    const streamed = await stream(sidecar.url, request);
    const elapsed = performance.now() - started;
    const contents = streamed.chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").filter((content) => content !== "");
    // 60 tokens 5 ms apart (more on a busy machine): the first alone, then one event per 150 ms, not one per token.
    expect(contents.length).toBeGreaterThanOrEqual(2);
    expect(contents.length).toBeLessThanOrEqual(Math.ceil(elapsed / 150) + 2);
    expect(contents.length).toBeLessThan(20);
    expect(contents.join("")).toBe((await complete(sidecar.url, request)).json.choices[0]!.message.content);
    const first = (await complete(sidecar.url, { ...request, max_tokens: 1 })).json.choices[0]!.message.content;
    expect(contents[0]).toBe(first);
  });

  it("ends at a stop text, leaving it out, and says finish_reason stop", async () => {
    const sidecar = await start();
    const full = (await complete(sidecar.url, { ...question, max_tokens: 40, temperature: 0 })).json.choices[0]!.message.content;
    const stop = full.slice(Math.floor(full.length / 2), Math.floor(full.length / 2) + 3);
    const cut = full.slice(0, full.indexOf(stop));
    const stopped = await complete(sidecar.url, { ...question, max_tokens: 40, temperature: 0, stop: [stop, "never-said"] });
    expect(stopped.json.choices[0]).toMatchObject({ message: { content: cut }, finish_reason: "stop" });
    const streamed = await stream(sidecar.url, { ...question, max_tokens: 40, temperature: 0, stop });
    expect(streamed.chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).toBe(cut);
    expect(streamed.chunks.at(-1)!.choices[0]!.finish_reason).toBe("stop");
  });

  it("tells its chat model in /info, /health and /v1/models, and its memory in /metrics", async () => {
    const sidecar = await start();
    expect(await (await fetch(`${sidecar.url}/health`)).json()).toEqual({ status: "ready", chat: "unloaded" });
    const info = (await (await fetch(`${sidecar.url}/info`)).json()) as { chat: Record<string, unknown> };
    expect(info.chat).toMatchObject({ status: "unloaded", model_id: "tiny-random-llama", quantization: "F32", context_length: 512, train_context_length: 2048, device: "cpu", threads: 1, parallel: 1, memory_bytes: 0 });
    const models = (await (await fetch(`${sidecar.url}/v1/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((model) => model.id)).toEqual(["fixture/bert-tiny-random", "tiny-random-llama"]);

    expect((await complete(sidecar.url, { ...question, max_tokens: 4 })).status).toBe(200);
    expect(await (await fetch(`${sidecar.url}/health`)).json()).toEqual({ status: "ready", chat: "loaded" });
    const metrics = await (await fetch(`${sidecar.url}/metrics`)).text();
    expect(metricValue(metrics, "sidecar_chat_model_loaded")).toBe(1);
    expect(metricValue(metrics, "sidecar_chat_model_memory_bytes")).toBeGreaterThan(400_000);
    expect(metricValue(metrics, 'sidecar_chat_tokens_total{kind="completion"}')).toBe(4);
  });

  it("refuses a prompt that does not fit the context with a clear error", async () => {
    const sidecar = await start();
    const long = await complete(sidecar.url, { messages: [{ role: "user", content: "экзамен ".repeat(600) }] });
    expect(long.status).toBe(400);
    expect(long.json.error).toMatchObject({ type: "invalid_request_error", param: "messages", code: "context_length_exceeded" });
    expect(long.json.error.message).toMatch(/the prompt has \d+ tokens, more than the model's context of 512 tokens/);
    const greedy = await complete(sidecar.url, { ...question, max_tokens: 500 });
    expect(greedy.status).toBe(400);
    expect(greedy.json.error.message).toMatch(/max_tokens asks for 500 more/);
    expect((await complete(sidecar.url, { ...question, max_tokens: 8 })).status).toBe(200);
  });

  it("answers 400 to malformed requests", async () => {
    const sidecar = await start();
    const cases: [unknown, RegExp][] = [
      ["{not json", /not valid JSON/],
      [{ messages: [] }, /messages must not be empty/],
      [{ messages: [{ role: "robot", content: "hi" }] }, /messages\[0\]\.role: role must be/],
      [{ messages: [{ role: "user", content: [{ type: "image_url", image_url: {} }] }] }, /content must be a string or a list of text parts/],
      [{ ...question, n: 2 }, /n must be 1/],
      [{ ...question, temperature: 3 }, /temperature/],
      [{ ...question, stop: ["a", "b", "c", "d", "e"] }, /at most 4/],
    ];
    for (const [body, message] of cases) {
      const response = await complete(sidecar.url, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.json.error.message).toMatch(message);
    }
  });

  it("runs SIDECAR_CHAT_PARALLEL generations, queues SIDECAR_CHAT_QUEUE more and answers the rest 429 with Retry-After", async () => {
    const sidecar = await start({ SIDECAR_CHAT_QUEUE: "2" }, { tokenDelayMs: 20 });
    await complete(sidecar.url, { ...question, max_tokens: 1 });
    const responses = await Promise.all(Array.from({ length: 6 }, () => complete(sidecar.url, { ...question, max_tokens: 15 })));
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    for (const refused of responses.filter((response) => response.status === 429)) {
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(refused.json.error).toMatchObject({ type: "rate_limit_error" });
      expect(refused.json.error.message).toMatch(/1 generation\(s\) running and 2 waiting/);
    }
    for (const answered of responses.filter((response) => response.status === 200)) expect(answered.json.usage.completion_tokens).toBe(15);
  });

  it("stops generating when the client goes away midway, and serves the next request at once", async () => {
    const sidecar = await start({}, { tokenDelayMs: 25 });
    const abort = new AbortController();
    const response = await fetch(`${sidecar.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...question, max_tokens: 400, stream: true }),
      signal: abort.signal,
    });
    const reader = response.body!.getReader();
    let received = "";
    while ((received.match(/"content":"[^"]/g) ?? []).length < 3) received += new TextDecoder().decode((await reader.read()).value);
    abort.abort();
    const next = performance.now();
    const after = await complete(sidecar.url, { ...question, max_tokens: 2 });
    expect(after.status).toBe(200);
    // A generation left running would hold the only slot for 400 × 25 ms.
    expect(performance.now() - next).toBeLessThan(3000);
    const metrics = await (await fetch(`${sidecar.url}/metrics`)).text();
    expect(metricValue(metrics, 'sidecar_chat_tokens_total{kind="completion"}')).toBeLessThan(60);
  });

  it("unloads after SIDECAR_CHAT_IDLE_UNLOAD_S without work and loads again on the next request", async () => {
    const sidecar = await start({ SIDECAR_CHAT_IDLE_UNLOAD_S: "1", SIDECAR_CHAT_LOAD: "start" });
    const chatState = async () => ((await (await fetch(`${sidecar.url}/info`)).json()) as { chat: { status: string; memory_bytes: number } }).chat;
    for (let attempt = 0; attempt < 500 && (await chatState()).status !== "loaded"; attempt++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await chatState()).memory_bytes).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await chatState()).toMatchObject({ status: "unloaded", memory_bytes: 0 });
    expect(sidecar.logs.some((entry) => entry.message === "chat model unloaded" && entry.reason === "idle")).toBe(true);
    const again = await complete(sidecar.url, { ...question, max_tokens: 3 });
    expect(again.status).toBe(200);
    expect((await chatState()).status).toBe("loaded");
  });

  it("waits for a model that is still downloading, then serves it once the file is in place", async () => {
    const pending = path.join(workDir, "later", "model.gguf");
    const sidecar = await start({ SIDECAR_CHAT_MODEL_PATH: pending });
    const early = await complete(sidecar.url, question);
    expect(early.status).toBe(503);
    expect(early.headers.get("retry-after")).toBe("5");
    expect(early.json.error.message).toContain(`no chat model at ${pending} yet`);
    expect(((await (await fetch(`${sidecar.url}/info`)).json()) as { chat: { status: string } }).chat.status).toBe("absent");
    // The downloader renames the finished file into place.
    await writeTinyGguf(`${pending}.partial`);
    await rename(`${pending}.partial`, pending);
    expect((await complete(sidecar.url, { ...question, max_tokens: 3 })).status).toBe(200);
  });

  it("refuses a corrupt GGUF file with a readable message and keeps serving embeddings", async () => {
    const garbage = path.join(workDir, "garbage.gguf");
    await writeFile(garbage, "this is not a model ".repeat(100));
    const sidecar = await start({ SIDECAR_CHAT_MODEL_PATH: garbage });
    const refused = await complete(sidecar.url, question);
    expect(refused.status).toBe(503);
    expect(refused.json.error.message).toContain(`${garbage} is not a readable GGUF model`);

    const truncated = path.join(workDir, "truncated.gguf");
    await writeTinyGguf(truncated);
    await truncate(truncated, 100_000);
    const second = await start({ SIDECAR_CHAT_MODEL_PATH: truncated });
    const failed = await complete(second.url, question);
    expect(failed.status).toBe(503);
    expect(failed.json.error.message).toContain(`the chat model ${truncated} could not be loaded`);
    const info = (await (await fetch(`${second.url}/info`)).json()) as { chat: { status: string; error: string } };
    expect(info.chat.status).toBe("failed");
    expect(info.chat.error).toContain("could not be loaded");
    expect((await fetch(`${second.url}/v1/embeddings`, { method: "POST", body: JSON.stringify({ input: "still here" }) })).status).toBe(200);
  });

  it("has no chat route without SIDECAR_CHAT_MODEL_PATH", async () => {
    const sidecar = await startSidecar(embeddingDir);
    started.push(sidecar);
    await sidecar.waitReady();
    const response = await complete(sidecar.url, question);
    expect(response.status).toBe(404);
    expect(response.json.error.message).toMatch(/serves no chat model/);
    expect(await (await fetch(`${sidecar.url}/health`)).json()).toEqual({ status: "ready" });
  });
});
