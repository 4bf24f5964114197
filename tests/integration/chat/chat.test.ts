import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { feedbackRequest, findOwnChat, loadMessages, recordFeedback } from "@/lib/chat/chats";
import { handleChatRequest } from "@/lib/chat/handle-chat";
import { createChatDeps, type ChatDeps } from "@/lib/chat/services";
import { VISITOR_COOKIE } from "@/lib/chat/visitor";
import { parseConfig, type Config } from "@/lib/config/load";
import { PEER_HEADER, peerStamp } from "@/lib/http/client-address";
import { createPrismaClient } from "@/lib/db/client";
import { sha256, storeCourseFile } from "@/lib/documents/storage";
import { createEmbedder } from "@/lib/embeddings";
import { getMetrics } from "@/lib/metrics";
import type { IngestDeps } from "@/lib/rag/ingest/ingest-document";
import { startIngestionWorker } from "@/lib/rag/ingest/worker";
import { parseDocument } from "@/lib/rag/parse";
import { retrieve } from "@/lib/rag/retrieve";
import { ragServicesOf } from "@/lib/rag/services";
import { LanceDbStore } from "@/lib/vector/lancedb";
import { indexedDemoCourse } from "../../support/demo-course";
import { startRetrievalSidecar } from "../../support/embedding-sidecar";
import { startLlmStandIn, type LlmStandIn } from "../../support/llm-stand-in";
import { closedPort } from "../../support/http-stub";
import { answerText, readUiChunks } from "../../support/ui-stream";
import type { ChatOwner } from "@/lib/chat/owner";

const visitorOwner = (visitorId: string): ChatOwner => ({ visitorId, userId: null, widget: null });

const db = createPrismaClient(inject("databaseUrl"));
let sidecar: Awaited<ReturnType<typeof startRetrievalSidecar>>;
let llm: LlmStandIn;
let rag: IngestDeps;
let slug: string;

const LLM_QUESTION = "Какие типы данных есть в Python?";
const FAQ_QUESTION = "Когда сдавать домашнее задание?";
const UNKNOWN_QUESTION = "Как приготовить борщ со свёклой?";

function chatDeps(env: Record<string, string>): ChatDeps {
  const config: Config = parseConfig({ DATA_DIR: rag.config.paths.data, EMBEDDINGS_URL: sidecar.url, ...env });
  return createChatDeps(config, db, (options) => retrieve(rag, options));
}

const vllm = () => chatDeps({ LLM_PROVIDER: "vllm", LLM_BASE_URL: `${llm.url}/v1`, LLM_MODEL: "Qwen/Qwen2.5-7B-Instruct" });

function post(deps: ChatDeps, body: unknown, options: { visitor?: string; signal?: AbortSignal; raw?: string } = {}) {
  return handleChatRequest(
    deps,
    new Request("http://localhost/api/chat", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        // Each request from an address of its own: the per-address limits are not what these tests are about.
        [PEER_HEADER]: peerStamp(`198.18.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}`),
        ...(options.visitor ? { cookie: `${VISITOR_COOKIE}=${options.visitor}` } : {}),
      },
      body: options.raw ?? JSON.stringify(body),
      signal: options.signal,
    }),
  );
}

async function ask(deps: ChatDeps, body: Record<string, unknown>, visitor?: string) {
  const response = await post(deps, { courseSlug: slug, ...body }, { visitor });
  expect(response.status).toBe(200);
  const visitorId = visitor ?? /ca_visitor=([^;]+)/.exec(response.headers.get("set-cookie") ?? "")![1];
  const chunks = await readUiChunks(response);
  const start = chunks.find((c) => c.type === "start") as { messageId: string; messageMetadata: { chatId: string } };
  // The answer is recorded right after the stream closes.
  await expect.poll(() => db.message.findUniqueOrThrow({ where: { id: start.messageId } }).then((m) => m.status)).not.toBe("STREAMING");
  const message = await db.message.findUniqueOrThrow({ where: { id: start.messageId } });
  return { chunks, message, chatId: start.messageMetadata.chatId, visitorId };
}

beforeAll(async () => {
  sidecar = await startRetrievalSidecar();
  llm = await startLlmStandIn();
  const config = parseConfig({ DATA_DIR: await mkdtemp(path.join(tmpdir(), "chat-")), EMBEDDINGS_URL: sidecar.url });
  rag = { ...ragServicesOf(config, db, await LanceDbStore.open(config.paths.lancedb), createEmbedder(config).embed), parse: parseDocument };
  slug = `chat-${Date.now()}`;
  await indexedDemoCourse(rag, slug);
});

beforeEach(() => {
  llm.setScript({});
  llm.requests.length = 0;
});

afterAll(async () => {
  // The database is shared with other test files: the course and all it owns go away.
  if (slug) await db.course.deleteMany({ where: { slug } });
  await llm?.close();
  await rag?.store.close();
  await sidecar?.close();
  await db.$disconnect();
});

describe("POST /api/chat with a vLLM (OpenAI-compatible) model", () => {
  it("streams a grounded answer with source parts and records it with tokens, timings and citations", async () => {
    llm.setScript({ ttftMs: 120 });
    const askedAt = Date.now();
    const { chunks, message, chatId, visitorId } = await ask(vllm(), { message: LLM_QUESTION });

    const sources = chunks.filter((c) => c.type === "source-url");
    expect(sources.length).toBeGreaterThan(0);
    expect(sources[0]).toMatchObject({ sourceId: "1", title: "Лекция 2. Переменные и типы данных" });
    expect(String(sources[0].url)).toMatch(/^\/documents\/\w+#/);
    expect(chunks.filter((c) => c.type === "text-delta").length).toBeGreaterThan(3);
    expect(answerText(chunks)).toBe("Домашнее задание сдаётся до 23:59 воскресенья [1].");
    expect(chunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "COMPLETE", answerMode: "LLM" } });

    expect(message).toMatchObject({
      role: "ASSISTANT",
      status: "COMPLETE",
      answerMode: "LLM",
      provider: "vllm",
      model: "Qwen/Qwen2.5-7B-Instruct",
      completionTokens: 7,
      errorText: null,
      text: "Домашнее задание сдаётся до 23:59 воскресенья [1].",
    });
    expect(message.promptTokens).toBeGreaterThan(50);
    expect(message.ttftMs).toBeGreaterThanOrEqual(120);
    expect(message.latencyMs).toBeGreaterThanOrEqual(message.ttftMs!);
    // Every retrieved passage has a score; the prompt may have had room for fewer of them.
    expect(message.retrievalScores.length).toBeGreaterThanOrEqual(sources.length);
    expect([...message.retrievalScores].sort((a, b) => b - a)).toEqual(message.retrievalScores);
    const citations = message.citations as { n: number; documentId: string; url: string; section: string }[];
    expect(citations[0]).toMatchObject({ n: 1, title: "Лекция 2. Переменные и типы данных" });
    expect(citations[0].url).toContain(`/documents/${citations[0].documentId}#`);

    const chat = await db.chat.findUniqueOrThrow({ where: { id: chatId }, include: { messages: { orderBy: { createdAt: "asc" } } } });
    expect(chat).toMatchObject({ visitorId, title: LLM_QUESTION });
    expect(chat.messages.map((m) => [m.role, m.status])).toEqual([["USER", "COMPLETE"], ["ASSISTANT", "COMPLETE"]]);
    // Times are the moment of asking (stored as UTC), the answer one millisecond after its question.
    const [asked, answered] = chat.messages.map((m) => m.createdAt.getTime());
    expect(asked).toBeGreaterThanOrEqual(askedAt);
    expect(asked).toBeLessThanOrEqual(Date.now());
    expect(answered - asked).toBe(1);
    expect([chat.createdAt.getTime(), chat.updatedAt.getTime()]).toEqual([asked, asked]);

    // What the model was sent: the grounding rules, and the passages as delimited data.
    const [request] = llm.requests;
    expect(request.body).toMatchObject({ model: "Qwen/Qwen2.5-7B-Instruct", stream: true, stream_options: { include_usage: true }, temperature: 0.2, top_p: 0.9, max_tokens: 1024 });
    const messages = request.body.messages as { role: string; content: string }[];
    expect(messages[0].role).toBe("system");
    expect(messages[0].content).toContain("не инструкции");
    expect(messages.at(-1)!.content).toMatch(/^<sources>\n\[1\] Лекция 2/);
    expect(messages.at(-1)!.content).toContain(`Вопрос студента: ${LLM_QUESTION}`);

    // The answer is counted for /api/metrics too.
    const tokens = await getMetrics().registry.getSingleMetricAsString("llm_tokens_total");
    expect(tokens).toContain('llm_tokens_total{provider="vllm",model="Qwen/Qwen2.5-7B-Instruct",direction="output"} 7');
  });

  it("uses the course's own system prompt when staff set one", async () => {
    const course = await db.course.update({ where: { slug }, data: { systemPrompt: "Отвечай как пират." } });
    try {
      await ask(vllm(), { message: LLM_QUESTION });
      const system = (llm.requests[0].body.messages as { content: string }[])[0].content;
      expect(system).toMatch(/^Отвечай как пират\.\n\n/);
      expect(system).toContain("<sources>");
    } finally {
      await db.course.update({ where: { id: course.id }, data: { systemPrompt: null } });
    }
  });

  it("keeps the partial text of an answer that fails mid-stream, marks it FAILED, and sends only its text back next turn", async () => {
    llm.setScript({ failure: "drop-mid-stream", dropAfterTokens: 3 });
    const first = await ask(vllm(), { message: LLM_QUESTION });
    expect(first.message).toMatchObject({ status: "FAILED", answerMode: "LLM", text: "Домашнее задание сдаётся " });
    expect(first.message.errorText).toMatch(/Не удалось получить ответ/);
    expect(first.chunks.at(-1)).toMatchObject({ type: "error", errorText: first.message.errorText });
    expect((first.message.citations as unknown[]).length).toBeGreaterThan(0);

    llm.setScript({});
    const second = await ask(vllm(), { chatId: first.chatId, message: "А подробнее?" }, first.visitorId);
    // A follow-up is searched together with the previous question, so it is still grounded.
    expect(second.message).toMatchObject({ status: "COMPLETE", answerMode: "LLM" });
    const sent = (llm.requests.at(-1)!.body.messages as { role: string; content: string }[]).slice(1);
    expect(sent.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(sent[0].content).toBe(LLM_QUESTION);
    expect(sent[1].content).toBe("Домашнее задание сдаётся");

    // A question with words of its own is not a follow-up: nothing found is "I don't know".
    const third = await ask(vllm(), { chatId: first.chatId, message: UNKNOWN_QUESTION }, first.visitorId);
    expect(third.message).toMatchObject({ status: "COMPLETE", answerMode: "NO_ANSWER", citations: [] });
  });

  it("fails with a clear timeout when the model never answers", async () => {
    llm.setScript({ failure: "never-answer" });
    const started = Date.now();
    const { message, chunks } = await ask(chatDeps({ LLM_PROVIDER: "vllm", LLM_BASE_URL: `${llm.url}/v1`, LLM_MODEL: "m", LLM_TIMEOUT_MS: "400" }), { message: LLM_QUESTION });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(message).toMatchObject({ status: "FAILED", text: "", ttftMs: null });
    expect(message.errorText).toMatch(/не ответила вовремя/);
    expect(chunks.at(-1)).toMatchObject({ type: "error" });
  });

  it("a student who stops the answer keeps the partial text, saved as STOPPED", async () => {
    llm.setScript({ tokenIntervalMs: 150 });
    const stop = new AbortController();
    const response = await post(vllm(), { courseSlug: slug, message: LLM_QUESTION }, { signal: stop.signal });
    const reader = response.body!.getReader();
    let seen = "";
    while (!seen.includes("задание")) seen += new TextDecoder().decode((await reader.read()).value);
    const messageId = /"messageId":"([^"]+)"/.exec(seen)![1];
    stop.abort();
    await reader.cancel();
    await expect.poll(() => db.message.findUniqueOrThrow({ where: { id: messageId } }).then((m) => m.status)).toBe("STOPPED");
    const message = await db.message.findUniqueOrThrow({ where: { id: messageId } });
    expect(message.text).toMatch(/^Домашнее задание/);
    expect(message.text.length).toBeLessThan("Домашнее задание сдаётся до 23:59 воскресенья [1].".length);
    expect(message.errorText).toBeNull();
  });

  it("regenerates the last answer in place of the old one", async () => {
    const first = await ask(vllm(), { message: LLM_QUESTION });
    llm.setScript({ tokens: ["Другой ", "ответ."] });
    const again = await ask(vllm(), { chatId: first.chatId, trigger: "regenerate-message" }, first.visitorId);
    expect(again.message.text).toBe("Другой ответ.");
    const rows = await db.message.findMany({ where: { chatId: first.chatId }, orderBy: { createdAt: "asc" } });
    expect(rows.map((m) => [m.role, m.text])).toEqual([["USER", LLM_QUESTION], ["ASSISTANT", "Другой ответ."]]);
    // Answering again moves the chat to the top of the list.
    const chat = await db.chat.findUniqueOrThrow({ where: { id: first.chatId } });
    expect(chat.updatedAt.getTime()).toBeGreaterThan(first.message.createdAt.getTime());
    expect((llm.requests.at(-1)!.body.messages as unknown[]).length).toBe(2);
  });
});

describe("a search that fails", () => {
  it("ends the answer FAILED with a readable reason, without calling the model", async () => {
    const config = parseConfig({ DATA_DIR: rag.config.paths.data, LLM_PROVIDER: "vllm", LLM_BASE_URL: `${llm.url}/v1`, LLM_MODEL: "m" });
    const deps = createChatDeps(config, db, () => Promise.reject(new Error("fetch failed (ECONNREFUSED)")));
    const { message, chunks } = await ask(deps, { message: LLM_QUESTION });
    expect(message).toMatchObject({ status: "FAILED", answerMode: null, text: "" });
    expect(message.errorText).toMatch(/^Поиск по материалам курса сейчас недоступен/);
    expect(chunks.at(-1)).toMatchObject({ type: "error", errorText: message.errorText });
    expect(llm.requests).toHaveLength(0);
  });
});

describe("answers without the LLM", () => {
  it("answers a confident FAQ match directly with the FAQ answer, without calling the model", async () => {
    const { message, chunks } = await ask(vllm(), { message: FAQ_QUESTION });
    expect(llm.requests).toHaveLength(0);
    expect(message).toMatchObject({ status: "COMPLETE", answerMode: "FAQ", provider: null, promptTokens: null });
    expect(message.text).toMatch(/^Домашнее задание сдаётся до 23:59 воскресенья/);
    expect(chunks.find((c) => c.type === "source-document")).toMatchObject({ title: FAQ_QUESTION });
    expect(message.ttftMs).not.toBeNull();
    expect(message.retrievalScores[0]).toBeGreaterThan(0.5);
  });

  it("says it does not know when nothing relevant is found, and records the question as unanswered", async () => {
    const { message } = await ask(vllm(), { message: UNKNOWN_QUESTION });
    expect(llm.requests).toHaveLength(0);
    expect(message).toMatchObject({ status: "COMPLETE", answerMode: "NO_ANSWER", citations: [], retrievalScores: [] });
    expect(message.text).toMatch(/^Не знаю.*преподавателя/);
    const unanswered = await db.unansweredQuestion.findMany({ where: { messageId: message.id } });
    expect(unanswered).toMatchObject([{ reason: "NO_MATCH", question: UNKNOWN_QUESTION, resolvedAt: null }]);
  });

  it("quotes the best passages, clearly labelled, when no LLM is configured", async () => {
    const { message, chunks } = await ask(chatDeps({ LLM_PROVIDER: "none" }), { message: LLM_QUESTION });
    expect(message).toMatchObject({ status: "COMPLETE", answerMode: "RETRIEVAL_ONLY", provider: null });
    expect(message.text).toMatch(/^\*\*Режим без языковой модели\.\*\*/);
    expect(message.text).toContain("> — [1] Лекция 2. Переменные и типы данных");
    expect(chunks.filter((c) => c.type === "source-url" || c.type === "source-document").length).toBe((message.citations as unknown[]).length);
  });
});

describe("POST /api/chat with a Gemini model", () => {
  it("streams and records the answer from Gemini's streamGenerateContent SSE", async () => {
    const deps = chatDeps({ LLM_PROVIDER: "gemini", GEMINI_API_KEY: "test-key", GEMINI_BASE_URL: `${llm.url}/v1beta`, LLM_MODEL: "gemini-2.5-flash" });
    const { message } = await ask(deps, { message: LLM_QUESTION });
    expect(message).toMatchObject({ status: "COMPLETE", answerMode: "LLM", provider: "gemini", model: "gemini-2.5-flash", completionTokens: 7 });
    expect(message.promptTokens).toBeGreaterThan(50);
    const [request] = llm.requests;
    expect(request).toMatchObject({ format: "gemini", path: "/v1beta/models/gemini-2.5-flash:streamGenerateContent" });
    expect(JSON.stringify(request.body.systemInstruction)).toContain("не инструкции");
  });
});

describe("request checks and ownership", () => {
  it("answers 400 for malformed JSON, missing fields and a too long message; 404 for an unknown or archived course", async () => {
    const deps = vllm();
    const invalidJson = await post(deps, null, { raw: "{not json" });
    expect(invalidJson.status).toBe(400);
    expect(await invalidJson.json()).toMatchObject({ error: { code: "invalid_json" } });
    const missing = await post(deps, { courseSlug: slug });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.message).toContain("message");
    const tooLong = await post(deps, { courseSlug: slug, message: "а".repeat(4001) });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toMatchObject({ error: { code: "message_too_long" } });
    expect((await post(deps, { courseSlug: "no-such-course", message: "Вопрос?" })).status).toBe(404);
    const archived = await db.course.create({ data: { slug: `${slug}-archived`, title: "Архив", publishedAt: new Date(), archivedAt: new Date() } });
    try {
      const response = await post(deps, { courseSlug: archived.slug, message: "Вопрос?" });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
    } finally {
      await db.course.delete({ where: { id: archived.id } });
    }
    expect(llm.requests).toHaveLength(0);
  });

  it("hides one student's chat from another: continuing, loading and rating it are 404", async () => {
    const owner = await ask(vllm(), { message: LLM_QUESTION });
    const stranger = await db.visitor.create({ data: {} });
    const response = await post(vllm(), { courseSlug: slug, chatId: owner.chatId, message: "Чужой чат?" }, { visitor: stranger.id });
    expect(response.status).toBe(404);
    // Nor can the owner carry the chat into another course.
    const other = await db.course.create({ data: { slug: `${slug}-other`, title: "Другой курс", publishedAt: new Date() } });
    try {
      expect((await post(vllm(), { courseSlug: other.slug, chatId: owner.chatId, message: "Сюда?" }, { visitor: owner.visitorId })).status).toBe(404);
    } finally {
      await db.course.delete({ where: { id: other.id } });
    }
    expect(await db.message.count({ where: { chatId: owner.chatId } })).toBe(2);
    expect(await findOwnChat(db, visitorOwner(stranger.id), owner.chatId)).toBeNull();
    expect(await recordFeedback(db, visitorOwner(stranger.id), owner.message.id, { rating: "DOWN" })).toBeNull();
    expect(await findOwnChat(db, visitorOwner(owner.visitorId), owner.chatId)).toMatchObject({ id: owner.chatId });
    const messages = await loadMessages(db, owner.chatId);
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(messages[1].metadata).toMatchObject({ status: "COMPLETE", answerMode: "LLM" });
  });

  it("limits questions per session with 429 and Retry-After", async () => {
    const deps = chatDeps({ LLM_PROVIDER: "none", CHAT_RATE_LIMIT_PER_MINUTE: "2" });
    const { visitorId } = await ask(deps, { message: UNKNOWN_QUESTION });
    await ask(deps, { message: UNKNOWN_QUESTION }, visitorId);
    const limited = await post(deps, { courseSlug: slug, message: UNKNOWN_QUESTION }, { visitor: visitorId });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json()).error.message).toMatch(/Too many questions/);
  });
});

describe("feedback", () => {
  it("stores thumbs up/down with a comment; thumbs down puts the question in the unanswered inbox", async () => {
    const { message, visitorId } = await ask(vllm(), { message: LLM_QUESTION });
    const down = await recordFeedback(db, visitorOwner(visitorId), message.id, feedbackRequest.parse({ rating: "DOWN", comment: " Не про то " }));
    expect(down).toEqual({ rating: "DOWN", comment: "Не про то" });
    expect(await db.unansweredQuestion.findMany({ where: { messageId: message.id } })).toMatchObject([{ reason: "THUMBS_DOWN", question: LLM_QUESTION }]);
    await recordFeedback(db, visitorOwner(visitorId), message.id, { rating: "UP" });
    expect(await db.feedback.findMany({ where: { messageId: message.id } })).toMatchObject([{ rating: "UP", comment: null, visitorId }]);
    expect(await db.unansweredQuestion.count({ where: { messageId: message.id } })).toBe(0);
  });
});

describe("seeded FAQ entries", () => {
  it("are indexed by an idle worker, then answered from the FAQ", async () => {
    const course = await db.course.findUniqueOrThrow({ where: { slug } });
    const entry = await db.qaEntry.create({
      data: { kind: "FAQ", courseId: course.id, question: "Можно ли пересдать контрольную работу?", answer: "Да, один раз на последней неделе курса." },
    });
    const worker = startIngestionWorker(rag, { pollMs: 50, log: () => {}, pendingEntriesAfterMs: 0 });
    try {
      await expect.poll(() => db.qaEntry.findUniqueOrThrow({ where: { id: entry.id } }).then((e) => e.indexedAt), { timeout: 20_000 }).not.toBeNull();
    } finally {
      await worker.stop();
    }
    const { message } = await ask(vllm(), { message: "Можно ли пересдать контрольную работу?" });
    expect(message).toMatchObject({ answerMode: "FAQ", text: "Да, один раз на последней неделе курса." });
  });
});

describe("citations of a PDF", () => {
  it("point at the cited page of the real lecture notes, and the answer records them", async () => {
    const bytes = await readFile(path.resolve("../shared/corpus/ru-course/opsys-OS.pdf"));
    const course = await db.course.create({ data: { slug: `${slug}-pdf`, title: "Операционные системы", publishedAt: new Date() } });
    try {
      const checksum = sha256(bytes);
      const storagePath = await storeCourseFile(rag.config.paths.uploads, course.id, checksum, ".pdf", bytes);
      const document = await db.document.create({
        data: { courseId: course.id, fileName: "opsys-OS.pdf", title: "Операционные системы, лекции", type: "PDF", mimeType: "application/pdf", sizeBytes: bytes.byteLength, checksum, storagePath, jobs: { create: {} } },
      });
      const worker = startIngestionWorker(rag, { pollMs: 50, log: () => {} });
      try {
        await expect.poll(() => db.document.findUniqueOrThrow({ where: { id: document.id } }).then((d) => d.status), { timeout: 90_000 }).toBe("READY");
      } finally {
        await worker.stop();
      }
      const response = await post(vllm(), { courseSlug: course.slug, message: "Какая часть кода операционной системы называется ядром?" });
      const chunks = await readUiChunks(response);
      expect(chunks.find((c) => c.type === "source-url")).toMatchObject({ url: `/api/documents/${document.id}/file#page=7`, title: "Операционные системы, лекции" });
      const messageId = (chunks.find((c) => c.type === "start") as { messageId: string }).messageId;
      await expect.poll(() => db.message.findUniqueOrThrow({ where: { id: messageId } }).then((m) => m.status)).toBe("COMPLETE");
      const [first] = (await db.message.findUniqueOrThrow({ where: { id: messageId } })).citations as { page: number; documentId: string }[];
      expect(first).toMatchObject({ page: 7, documentId: document.id });
    } finally {
      await db.course.delete({ where: { id: course.id } });
    }
  });
});

describe("when the embedder dies mid-conversation", () => {
  it("answers from the lexical index with citations and says so, then hybrid again once it is back", async () => {
    const port = await closedPort();
    const start = () => startRetrievalSidecar({ SIDECAR_PORT: String(port) });
    let embedder = await start();
    const config = parseConfig({ DATA_DIR: rag.config.paths.data, EMBEDDINGS_URL: embedder.url, EMBEDDINGS_QUERY_TIMEOUT_MS: "1000" });
    const own = ragServicesOf(config, db, rag.store, createEmbedder(config).embed);
    const deps = createChatDeps({ ...config, LLM_PROVIDER: "none" }, db, (options) => retrieve(own, options));
    const lexicalAnswers = async () => Number((await getMetrics().registry.getSingleMetric("chat_lexical_only_answers_total")?.get())?.values[0]?.value ?? 0);
    try {
      const first = await ask(deps, { message: LLM_QUESTION });
      expect(first.message).toMatchObject({ status: "COMPLETE", answerMode: "RETRIEVAL_ONLY", searchMode: "HYBRID" });

      embedder.process.kill("SIGKILL");
      await embedder.close();
      const counted = await lexicalAnswers();
      const degraded = await ask(deps, { message: LLM_QUESTION, chatId: first.chatId }, first.visitorId);
      expect(degraded.message).toMatchObject({ status: "COMPLETE", answerMode: "RETRIEVAL_ONLY", searchMode: "LEXICAL" });
      expect(degraded.chunks.filter((c) => c.type === "source-url")[0]).toMatchObject({ title: "Лекция 2. Переменные и типы данных" });
      expect(degraded.chunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { searchMode: "LEXICAL" } });
      expect(await lexicalAnswers()).toBe(counted + 1);
      // The FAQ fast path and "I don't know" hold without dense search too.
      expect((await ask(deps, { message: FAQ_QUESTION })).message).toMatchObject({ answerMode: "FAQ", searchMode: "LEXICAL" });
      expect((await ask(deps, { message: UNKNOWN_QUESTION })).message).toMatchObject({ answerMode: "NO_ANSWER", searchMode: "LEXICAL" });

      embedder = await start();
      await expect
        .poll(async () => (await ask(deps, { message: LLM_QUESTION, chatId: first.chatId }, first.visitorId)).message.searchMode, { timeout: 15_000, interval: 500 })
        .toBe("HYBRID");
    } finally {
      await embedder.close();
    }
  });
});
