import { mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadMessages } from "@/lib/chat/chats";
import { handleChatRequest } from "@/lib/chat/handle-chat";
import { createChatDeps } from "@/lib/chat/services";
import { parseConfig } from "@/lib/config/load";
import { createPrismaClient } from "@/lib/db/client";
import { createEmbedder } from "@/lib/embeddings";
import { checkHealth } from "@/lib/health/check-health";
import { PEER_HEADER, peerStamp } from "@/lib/http/client-address";
import type { IngestDeps } from "@/lib/rag/ingest/ingest-document";
import { parseDocument } from "@/lib/rag/parse";
import { retrieve } from "@/lib/rag/retrieve";
import { ragServicesOf } from "@/lib/rag/services";
import { LanceDbStore } from "@/lib/vector/lancedb";
import { writeCourseChatModel } from "../../support/course-chat-model";
import { indexedDemoCourse } from "../../support/demo-course";
import { startRetrievalSidecar } from "../../support/embedding-sidecar";
import { answerText, readUiChunks } from "../../support/ui-stream";

// LLM_PROVIDER=local: the app answers through the sidecar's own chat model (the tiny random-weight
// GGUF here), over the same OpenAI-compatible path as vLLM, and quotes the materials while the
// model is not there yet (the demo downloads it after start).

const db = createPrismaClient(inject("databaseUrl"));
const QUESTION = "Какие типы данных есть в Python?";
let workDir: string;
let modelFile: string;
let sidecar: Awaited<ReturnType<typeof startRetrievalSidecar>>;
let rag: IngestDeps;
let slug: string;

const localConfig = (env: Record<string, string> = {}) =>
  parseConfig({ DATA_DIR: rag.config.paths.data, EMBEDDINGS_URL: sidecar.url, LLM_PROVIDER: "local", ...env });

async function ask(env: Record<string, string> = {}) {
  // Fresh deps each time: the model's state is asked at most every few seconds per process.
  const deps = createChatDeps(localConfig(env), db, (options) => retrieve(rag, options));
  const response = await handleChatRequest(
    deps,
    new Request("http://localhost/api/chat", {
      method: "POST",
      headers: { "content-type": "application/json", [PEER_HEADER]: peerStamp(`198.19.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}`) },
      body: JSON.stringify({ courseSlug: slug, message: QUESTION }),
    }),
  );
  expect(response.status).toBe(200);
  const chunks = await readUiChunks(response);
  const start = chunks.find((c) => c.type === "start") as { messageId: string; messageMetadata: { chatId: string } };
  await expect.poll(() => db.message.findUniqueOrThrow({ where: { id: start.messageId } }).then((m) => m.status)).not.toBe("STREAMING");
  return { chunks, message: await db.message.findUniqueOrThrow({ where: { id: start.messageId } }), chatId: start.messageMetadata.chatId };
}

const metric = async (name: string) => Number(new RegExp(`^${name.replace(/[{}"]/g, "\\$&")} (\\S+)$`, "m").exec(await (await fetch(`${sidecar.url}/metrics`)).text())?.[1]);

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "local-model-"));
  modelFile = path.join(workDir, "cache", "model.gguf");
  sidecar = await startRetrievalSidecar({ SIDECAR_CHAT_MODEL_PATH: modelFile, SIDECAR_CHAT_THREADS: "1" });
  const config = parseConfig({ DATA_DIR: path.join(workDir, "data"), EMBEDDINGS_URL: sidecar.url });
  rag = { ...ragServicesOf(config, db, await LanceDbStore.open(config.paths.lancedb), createEmbedder(config).embed), parse: parseDocument };
  slug = `local-model-${Date.now()}`;
  await indexedDemoCourse(rag, slug);
});

afterAll(async () => {
  if (slug) await db.course.deleteMany({ where: { slug } });
  await rag?.store.close();
  await sidecar?.close();
  await db.$disconnect();
  await rm(workDir, { recursive: true, force: true });
});

describe("LLM_PROVIDER=local", () => {
  it("quotes the materials, saying the local model is not ready, while its file is not there yet; health says why", async () => {
    const { message, chunks } = await ask();
    expect(message).toMatchObject({ status: "COMPLETE", answerMode: "RETRIEVAL_ONLY", provider: null });
    expect(message.text).toMatch(/^\*\*Локальная модель ещё не готова\*\*/);
    expect(message.text).toContain("> — [1] Лекция 2. Переменные и типы данных");
    expect(chunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { answerMode: "RETRIEVAL_ONLY" } });
    expect(await metric('sidecar_chat_tokens_total{kind="completion"}')).toBe(0);

    const health = await checkHealth(localConfig(), db);
    expect(health.checks.llm).toMatchObject({ status: "down", provider: "local", error: "the chat model is not there yet (still downloading?)" });
  });

  it("answers in the model's words through the sidecar once the file is in place, sized to the context /info gives", async () => {
    await writeCourseChatModel(`${modelFile}.partial`);
    await rename(`${modelFile}.partial`, modelFile);
    expect((await checkHealth(localConfig(), db)).checks.llm).toMatchObject({ status: "up", provider: "local" });

    const { message, chunks, chatId } = await ask({ LLM_MAX_TOKENS: "2000" });
    const text = answerText(chunks);
    expect(chunks.filter((c) => c.type === "source-url").length).toBeGreaterThan(0);
    expect(chunks.filter((c) => c.type === "text-delta").length).toBeGreaterThan(10);
    expect(chunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "COMPLETE", answerMode: "LLM", localModel: "tiny-random-llama" } });
    // Named before the first word, so the label shows while the answer streams.
    const named = chunks.findIndex((c) => c.type === "message-metadata" && (c.messageMetadata as { localModel?: string }).localModel === "tiny-random-llama");
    expect(named).toBeGreaterThan(-1);
    expect(named).toBeLessThan(chunks.findIndex((c) => c.type === "text-delta"));
    // The sidecar serves 4096 tokens (its default); the app keeps 3/4 of them and gives the answer a quarter of that: 768, not LLM_MAX_TOKENS.
    expect(message).toMatchObject({ status: "COMPLETE", answerMode: "LLM", provider: "local", model: "tiny-random-llama", completionTokens: 768, text });
    // Usage is the sidecar's own count: the prompt it really read.
    expect(message.promptTokens).toBeGreaterThan(300);
    expect(message.promptTokens! + 768).toBeLessThanOrEqual(4096);
    expect(await metric('sidecar_chat_tokens_total{kind="prompt"}')).toBe(message.promptTokens);
    expect((await loadMessages(db, chatId)).at(-1)?.metadata).toMatchObject({ answerMode: "LLM", localModel: "tiny-random-llama" });
  });
});

describe("LLM_PROVIDER=local when the model is busy", () => {
  it("quotes the materials to the student the sidecar's full queue refuses, and answers the others in the model's words", async () => {
    const file = await writeCourseChatModel(path.join(workDir, "busy", "model.gguf"));
    const busy = await startRetrievalSidecar({ SIDECAR_CHAT_MODEL_PATH: file, SIDECAR_CHAT_THREADS: "1", SIDECAR_CHAT_QUEUE: "0" }, "static-xlmr", { tokenDelayMs: 20 });
    try {
      const env = { LLM_BASE_URL: `${busy.url}/v1`, LLM_MAX_TOKENS: "40" };
      const results = await Promise.all([ask(env), ask(env), ask(env)]);
      const modes = results.map(({ message }) => message.answerMode).sort();
      expect(modes).toEqual(["LLM", "RETRIEVAL_ONLY", "RETRIEVAL_ONLY"]);
      for (const { message, chunks } of results.filter((result) => result.message.answerMode === "RETRIEVAL_ONLY")) {
        expect(message).toMatchObject({ status: "COMPLETE", errorText: null });
        expect(message.text).toMatch(/^\*\*Локальная модель сейчас отвечает другим студентам\.\*\*/);
        // The sources went out once, before the model was asked; the quotes cite them by the same numbers.
        const sources = chunks.filter((c) => c.type === "source-url" || c.type === "source-document");
        expect(sources.length).toBe((message.citations as unknown[]).length);
        expect(message.text).toContain(`> — [1] ${String(sources[0]!.title)}`);
      }
    } finally {
      await busy.close();
    }
  });
});
