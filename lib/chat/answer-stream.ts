import { APICallError, streamText, type UIMessageChunk } from "ai";
import type { Config } from "@/lib/config/load";
import type { AnswerMode, MessageStatus, PrismaClient, SearchMode } from "@/lib/generated/prisma/client";
import type { Locale } from "@/lib/i18n/locales";
import { createTranslator } from "@/lib/i18n/translator";
import type { ChatModel } from "@/lib/llm/provider";
import { recordBudgetRefusal, recordChatAnswer } from "@/lib/metrics";
import { reserveTokens, settleTokens } from "@/lib/rate-limit/token-budget";
import { estimateTokens } from "@/lib/rag/tokens";
import type { Retrieval, RetrievedPassage, RetrieveOptions } from "@/lib/rag/retrieve";
import { questionTerms, termShare } from "@/lib/rag/term-share";
import { toCitations, type StoredCitation } from "./citations";
import { buildPrompt, estimatePromptTokens, type HistoryTurn } from "./prompt";
import { finishTurn } from "./turn-store";
import type { ChatMessageMetadata } from "./ui-message";

export type AnswerDeps = {
  config: Config;
  db: PrismaClient;
  retrieve: (options: RetrieveOptions) => Promise<Retrieval>;
  model: ChatModel | null;
};

export type AnswerRequest = {
  locale: Locale;
  course: { id: string; systemPrompt: string | null };
  chatId: string;
  question: string;
  /** Earlier turns, oldest first, without the question itself. */
  history: HistoryTurn[];
  /** The assistant row created (status STREAMING) before streaming starts. */
  assistantMessageId: string;
  /** The search for the question, when the route started it early. */
  prefetched?: Promise<Retrieval>;
  /** Fires when the student stops the answer or goes away. */
  signal: AbortSignal;
  startedAt: number;
};

type Chunk = UIMessageChunk<ChatMessageMetadata>;

type Outcome = {
  status: MessageStatus;
  answerMode: AnswerMode | null;
  text: string;
  citations: StoredCitation[];
  errorText?: string;
  promptTokens?: number;
  completionTokens?: number;
  ttftMs?: number;
  provider?: string;
  model?: string;
};

class LlmTimeoutError extends Error {}
class SearchError extends Error {}

const QUOTE_CHARS = 500;
const TEXT_ID = "answer";

/**
 * Answers one question as an AI SDK UI message stream and records the answer. The route has
 * already stored the question and an assistant row in STREAMING state; whatever happens here
 * (a complete answer, a stop, a provider failure or timeout) ends in exactly one update of that
 * row, with the partial text kept, so the conversation stays consistent.
 */
export function answerStream(deps: AnswerDeps, request: AnswerRequest): ReadableStream<Chunk> {
  const t = createTranslator(request.locale);
  const abort = new AbortController();
  const onClientAbort = () => abort.abort();
  request.signal.addEventListener("abort", onClientAbort);

  return new ReadableStream<Chunk>({
    async start(controller) {
      let open = true;
      const write = (chunk: Chunk) => {
        if (!open) return;
        try {
          controller.enqueue(chunk);
        } catch {
          open = false;
        }
      };
      const metadata = (extra: Partial<ChatMessageMetadata> = {}): ChatMessageMetadata => ({ chatId: request.chatId, ...extra });
      write({ type: "start", messageId: request.assistantMessageId, messageMetadata: metadata({ status: "STREAMING" }) });

      let scores: number[] = [];
      let searchMode: SearchMode | null = null;
      let outcome: Outcome;
      let text = "";
      let textStarted = false;
      let ttftMs: number | undefined;
      const emitText = (delta: string) => {
        if (!textStarted) write({ type: "text-start", id: TEXT_ID });
        textStarted = true;
        ttftMs ??= Date.now() - request.startedAt;
        text += delta;
        write({ type: "text-delta", id: TEXT_ID, delta });
      };
      try {
        const retrieval = await retrieveFor(deps, request).catch((error: unknown) => {
          throw new SearchError("The course search failed", { cause: error });
        });
        searchMode = retrieval.mode === "lexical" ? "LEXICAL" : "HYBRID";
        if (searchMode === "LEXICAL") write({ type: "message-metadata", messageMetadata: metadata({ status: "STREAMING", searchMode }) });
        scores = retrieval.passages.map((p) => p.similarity ?? p.termShare).sort((a, b) => b - a);
        outcome = await answer(deps, request, retrieval, {
          emitText,
          emitSources: (c) => c.forEach((citation) => write(sourceChunk(citation))),
          // The label is on screen while the local model writes, not only once it has finished.
          emitLocalModel: (localModel) => write({ type: "message-metadata", messageMetadata: metadata({ status: "STREAMING", searchMode: searchMode ?? undefined, localModel }) }),
          abort,
          t,
        });
      } catch (error) {
        const timedOut = error instanceof LlmTimeoutError;
        const searchFailed = error instanceof SearchError;
        const stopped = !timedOut && abort.signal.aborted;
        if (!stopped) console.error("Chat answer failed:", error);
        outcome = {
          status: stopped ? "STOPPED" : "FAILED",
          answerMode: deps.model && !searchFailed ? "LLM" : null,
          text,
          citations: (error as { citations?: StoredCitation[] }).citations ?? [],
          errorText: stopped ? undefined : t(timedOut ? "chat.error.timeout" : searchFailed ? "chat.error.search" : "chat.error.failed"),
          provider: deps.model?.provider,
          model: deps.model?.modelId,
        };
      }
      request.signal.removeEventListener("abort", onClientAbort);

      if (textStarted) write({ type: "text-end", id: TEXT_ID });
      const final = metadata({
        status: outcome.status,
        answerMode: outcome.answerMode ?? undefined,
        searchMode: searchMode ?? undefined,
        errorText: outcome.errorText,
        citations: outcome.citations,
        localModel: outcome.provider === "local" && outcome.status !== "FAILED" ? outcome.model : undefined,
      });
      if (outcome.status === "FAILED") write({ type: "message-metadata", messageMetadata: final });
      if (outcome.errorText) write({ type: "error", errorText: outcome.errorText });
      else write({ type: "finish", finishReason: outcome.status === "STOPPED" ? "other" : "stop", messageMetadata: final });
      if (open) {
        open = false;
        try {
          controller.close();
        } catch {
          // The reader went away; the answer is still recorded below.
        }
      }
      await record(deps.db, request, { ...outcome, ttftMs }, scores, searchMode).catch((error: unknown) => console.error("Could not record the answer:", error));
    },
    cancel() {
      abort.abort();
    },
  });
}

/** A question with at most this many terms of its own may lean on the previous one. */
const FOLLOW_UP_TERMS = 2;

/**
 * Passages for the question. A follow-up such as "and in more detail?" finds nothing on its own,
 * so when a short question misses, it is searched again together with the previous question. A
 * question with words of its own that finds nothing is a new question, and its answer is "I don't
 * know", not the previous question's passages.
 */
async function retrieveFor(deps: AnswerDeps, request: AnswerRequest): Promise<Retrieval> {
  const retrieval = await (request.prefetched ?? searchPassages(deps, request.course.id, request.question));
  const previous = request.history.findLast((turn) => turn.role === "USER");
  const followUp = previous !== undefined && questionTerms(request.question).size <= FOLLOW_UP_TERMS;
  return retrieval.passages.length > 0 || !followUp ? retrieval : searchPassages(deps, request.course.id, `${previous.text}\n${request.question}`);
}

export function searchPassages(deps: AnswerDeps, courseId: string, query: string): Promise<Retrieval> {
  return deps.retrieve({ courseId, query, k: deps.config.RETRIEVAL_TOP_K });
}

/**
 * A FAQ entry close enough to be the answer itself: its question and the student's share most of
 * their words (both ways, so "когда?" does not match every "когда ...?" entry), or (with dense
 * search) it clears the course's floor by a good part of the room above it. The floor is the
 * course's own for its model, so the rule holds for any embedding model.
 */
function directFaqAnswer(config: Config, retrieval: Retrieval, question: string): RetrievedPassage | undefined {
  const faqs = retrieval.passages.filter((p) => p.source === "faq" && p.entryId);
  const asked = questionTerms(question);
  const sameWords = (p: RetrievedPassage) => Math.min(termShare(asked, p.title), termShare(questionTerms(p.title), question));
  const denseFloor = retrieval.floors.dense;
  const close = (p: RetrievedPassage) =>
    sameWords(p) >= config.FAQ_DIRECT_ANSWER_TERM_SHARE ||
    (denseFloor !== null && p.similarity !== null && p.similarity >= denseFloor + config.FAQ_DIRECT_ANSWER_MARGIN * (1 - denseFloor));
  return faqs.find(close);
}

type Emit = {
  emitText: (delta: string) => void;
  emitSources: (citations: StoredCitation[]) => void;
  emitLocalModel: (modelId: string) => void;
  abort: AbortController;
  t: ReturnType<typeof createTranslator>;
};

async function answer(deps: AnswerDeps, request: AnswerRequest, retrieval: Retrieval, emit: Emit): Promise<Outcome> {
  const { config, db, model } = deps;
  const { t } = emit;
  const { passages } = retrieval;

  if (passages.length === 0) {
    const text = t("chat.answer.noMatch");
    emit.emitText(text);
    return { status: "COMPLETE", answerMode: "NO_ANSWER", text, citations: [] };
  }

  const bestFaq = directFaqAnswer(config, retrieval, request.question);
  if (bestFaq?.entryId) {
    const entry = await db.qaEntry.findUnique({ where: { id: bestFaq.entryId }, select: { answer: true } });
    if (entry) {
      const citations = toCitations([bestFaq]);
      emit.emitSources(citations);
      emit.emitText(entry.answer);
      return { status: "COMPLETE", answerMode: "FAQ", text: entry.answer, citations };
    }
  }

  if (!model) return quotePassages(passages, t("chat.answer.retrievalOnly"), emit);
  const local = await model.localState?.();
  if (local && !local.ready) return quotePassages(passages, t("chat.answer.localModelNotReady"), emit);
  const { contextTokens, maxOutputTokens } = local ? localBudget(local.contextTokens, config.LLM_MAX_TOKENS) : { contextTokens: config.LLM_CONTEXT_TOKENS, maxOutputTokens: config.LLM_MAX_TOKENS };
  const modelId = local?.modelId ?? model.modelId;
  const prompt = buildPrompt({
    locale: request.locale,
    courseSystemPrompt: request.course.systemPrompt,
    question: request.question,
    passages,
    history: request.history,
    contextTokens,
    maxOutputTokens,
  });
  const promptTokens = estimatePromptTokens(prompt);
  const held = await reserveTokens(db, config, request.course.id, promptTokens + maxOutputTokens);
  // A spent budget still answers with the course's own words, only not in the model's.
  if (!held.ok) {
    recordBudgetRefusal(held.spent);
    return quotePassages(passages, t(held.spent.includes("global") ? "chat.answer.budgetSpentGlobal" : "chat.answer.budgetSpentCourse"), emit);
  }
  const citations = toCitations(prompt.passages);
  emit.emitSources(citations);
  if (local) emit.emitLocalModel(local.modelId);

  // LLM_TIMEOUT_MS bounds the wait for the first token and every gap after it: a model that
  // never answers, or stalls mid-answer, ends with a clear timeout instead of a spinner.
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const armTimer = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      emit.abort.abort();
    }, config.LLM_TIMEOUT_MS);
  };
  armTimer();

  let text = "";
  let usage: { inputTokens?: number; outputTokens?: number } = {};
  let busy = false;
  try {
    const result = streamText({
      model: model.model,
      system: prompt.system,
      messages: prompt.messages,
      temperature: config.LLM_TEMPERATURE,
      topP: config.LLM_TOP_P,
      maxOutputTokens,
      maxRetries: 0,
      abortSignal: emit.abort.signal,
      // Errors come through fullStream below, which logs the ones that fail an answer; the SDK's own logging would repeat them.
      onError: () => {},
    });
    for await (const part of result.fullStream) {
      armTimer();
      if (part.type === "text-delta" && part.text !== "") {
        text += part.text;
        emit.emitText(part.text);
      } else if (part.type === "error") {
        throw part.error;
      } else if (part.type === "finish") {
        usage = part.totalUsage;
      }
    }
  } catch (error) {
    if (timedOut) throw Object.assign(new LlmTimeoutError("The model did not answer in time"), { citations });
    // The local model runs one answer at a time with a short queue: when that is full, the
    // student gets the passages now rather than an error.
    busy = model.provider === "local" && text === "" && APICallError.isInstance(error) && error.statusCode === 429;
    if (!busy) throw Object.assign(error instanceof Error ? error : new Error(String(error)), { citations });
  } finally {
    clearTimeout(timer);
    // Without a usage report (a stop, a failure) the prompt is taken as read and the text as written.
    const used = busy ? 0 : usage.inputTokens !== undefined ? usage.inputTokens + (usage.outputTokens ?? 0) : promptTokens + estimateTokens(text);
    await settleTokens(db, held.reservation, used).catch((error: unknown) => console.error("Could not settle the token budget:", error));
  }
  if (timedOut) throw Object.assign(new LlmTimeoutError("The model did not answer in time"), { citations });
  if (busy) {
    const quoted = quoteText(prompt.passages, t("chat.answer.localModelBusy"));
    emit.emitText(quoted);
    return { status: "COMPLETE", answerMode: "RETRIEVAL_ONLY", text: quoted, citations };
  }
  const stopped = emit.abort.signal.aborted;
  return {
    status: stopped ? "STOPPED" : "COMPLETE",
    answerMode: "LLM",
    text,
    citations,
    promptTokens: usage.inputTokens,
    completionTokens: usage.outputTokens,
    provider: model.provider,
    model: modelId,
  };
}

/** Our token estimate errs low for small models' vocabularies in Russian; this share of the context keeps the real prompt inside it. */
const LOCAL_CONTEXT_SHARE = 0.75;

/**
 * The prompt budget for the local model from the context its sidecar serves (GET /info): a small
 * context (4096 by default) cannot spare LLM_MAX_TOKENS for the answer, so the answer gets at most
 * a quarter of it.
 */
function localBudget(contextTokens: number, maxTokens: number): { contextTokens: number; maxOutputTokens: number } {
  const usable = Math.floor(contextTokens * LOCAL_CONTEXT_SHARE);
  return { contextTokens: usable, maxOutputTokens: Math.min(maxTokens, Math.floor(usable / 4)) };
}

/** The passages themselves as the answer, quoted and cited, after a line saying why. */
function quotePassages(passages: RetrievedPassage[], lead: string, emit: Emit): Outcome {
  const citations = toCitations(passages);
  emit.emitSources(citations);
  const text = quoteText(passages, lead);
  emit.emitText(text);
  return { status: "COMPLETE", answerMode: "RETRIEVAL_ONLY", text, citations };
}

/** The lead, then each passage as a quote ending in its citation number, [1] first. */
function quoteText(passages: RetrievedPassage[], lead: string): string {
  const quotes = passages.map((p, i) => {
    const quote = p.text.length > QUOTE_CHARS ? `${p.text.slice(0, QUOTE_CHARS).trimEnd()}…` : p.text;
    return `${quote.split("\n").map((line) => `> ${line}`).join("\n")}\n>\n> — [${i + 1}] ${p.title}`;
  });
  return `${lead}\n\n${quotes.join("\n\n")}`;
}

function sourceChunk(citation: StoredCitation): Chunk {
  const providerMetadata = { citation: { ...citation } };
  return citation.url
    ? { type: "source-url", sourceId: String(citation.n), url: citation.url, title: citation.title, providerMetadata }
    : { type: "source-document", sourceId: String(citation.n), mediaType: "text/plain", title: citation.title, providerMetadata };
}

async function record(db: PrismaClient, request: AnswerRequest, outcome: Outcome, scores: number[], searchMode: SearchMode | null): Promise<void> {
  const parts = [
    ...outcome.citations.map((c) =>
      c.url
        ? { type: "source-url", sourceId: String(c.n), url: c.url, title: c.title }
        : { type: "source-document", sourceId: String(c.n), mediaType: "text/plain", title: c.title },
    ),
    ...(outcome.text ? [{ type: "text", text: outcome.text }] : []),
  ];
  const latencyMs = Date.now() - request.startedAt;
  const { promptTokens, completionTokens, ttftMs } = outcome;
  recordChatAnswer({ provider: outcome.provider ?? "none", model: outcome.model ?? null, mode: outcome.answerMode, search: searchMode, promptTokens, completionTokens, ttftMs, latencyMs, failed: outcome.status === "FAILED" });
  await finishTurn(db, { id: request.assistantMessageId, courseId: request.course.id, question: request.question }, {
    text: outcome.text,
    parts,
    status: outcome.status,
    errorText: outcome.errorText ?? null,
    answerMode: outcome.answerMode,
    citations: outcome.citations,
    provider: outcome.provider ?? null,
    model: outcome.model ?? null,
    promptTokens: promptTokens ?? null,
    completionTokens: completionTokens ?? null,
    ttftMs: ttftMs ?? null,
    latencyMs,
    retrievalScores: scores,
    searchMode,
  });
}
