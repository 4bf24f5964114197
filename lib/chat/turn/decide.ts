import type { Config } from "@/lib/config/load";
import type { Translate } from "@/lib/i18n/translator";
import type { ChatModel } from "@/lib/llm/provider";
import { recordBudgetRefusal } from "@/lib/metrics";
import type { Retrieval, RetrievedPassage } from "@/lib/rag/retrieve";
import { questionTerms, termShare } from "@/lib/rag/term-share";
import { reserveTokens, type TokenReservation } from "@/lib/rate-limit/token-budget";
import type { AnswerDeps } from "../answer-stream";
import { toCitations } from "../citations";
import { buildPrompt, estimatePromptTokens, type BuiltPrompt } from "../prompt";
import type { TurnOutcome } from "./outcome";
import { quoteAnswer } from "./quote";
import type { Turn } from "./resolve";

/** The model is to write the answer: the prompt it reads and the tokens held for it. */
export type Generation = {
  kind: "generate";
  model: ChatModel;
  /** The local sidecar's model, by the name it serves, when that model writes the answer. */
  localModel: string | undefined;
  prompt: BuiltPrompt;
  promptTokens: number;
  maxOutputTokens: number;
  reservation: TokenReservation;
};

/** An answer known in full without the model (FAQ, "I don't know", quoted passages), or the model's to write. */
export type Decision = { kind: "whole"; answer: TurnOutcome } | Generation;

/** Our token estimate errs low for small models' vocabularies in Russian; this share of the context keeps the real prompt inside it. */
const LOCAL_CONTEXT_SHARE = 0.75;

export async function decideAnswer(deps: Pick<AnswerDeps, "config" | "db" | "model">, turn: Turn, retrieval: Retrieval, t: Translate): Promise<Decision> {
  const { config, db, model } = deps;
  const { passages } = retrieval;
  const whole = (answer: TurnOutcome): Decision => ({ kind: "whole", answer });

  if (passages.length === 0) return whole({ status: "COMPLETE", answerMode: "NO_ANSWER", text: t("chat.answer.noMatch"), citations: [] });

  const bestFaq = directFaqAnswer(config, retrieval, turn.question);
  if (bestFaq?.entryId) {
    const entry = await db.qaEntry.findUnique({ where: { id: bestFaq.entryId }, select: { answer: true } });
    if (entry) return whole({ status: "COMPLETE", answerMode: "FAQ", text: entry.answer, citations: toCitations([bestFaq]) });
  }

  if (!model) return whole(quoteAnswer(passages, t("chat.answer.retrievalOnly")));
  const local = await model.localState?.();
  if (local && !local.ready) return whole(quoteAnswer(passages, t("chat.answer.localModelNotReady")));
  const { contextTokens, maxOutputTokens } = local ? localBudget(local.contextTokens, config.LLM_MAX_TOKENS) : { contextTokens: config.LLM_CONTEXT_TOKENS, maxOutputTokens: config.LLM_MAX_TOKENS };
  const prompt = buildPrompt({
    locale: turn.locale,
    courseSystemPrompt: turn.course.systemPrompt,
    question: turn.question,
    passages,
    history: turn.history,
    contextTokens,
    maxOutputTokens,
  });
  const promptTokens = estimatePromptTokens(prompt);
  const held = await reserveTokens(db, config, turn.course.id, promptTokens + maxOutputTokens);
  // A spent budget still answers with the course's own words, only not in the model's.
  if (!held.ok) {
    recordBudgetRefusal(held.spent);
    return whole(quoteAnswer(passages, t(held.spent.includes("global") ? "chat.answer.budgetSpentGlobal" : "chat.answer.budgetSpentCourse")));
  }
  return { kind: "generate", model, localModel: local?.modelId, prompt, promptTokens, maxOutputTokens, reservation: held.reservation };
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

/**
 * The prompt budget for the local model from the context its sidecar serves (GET /info): a small
 * context (4096 by default) cannot spare LLM_MAX_TOKENS for the answer, so the answer gets at most
 * a quarter of it.
 */
function localBudget(contextTokens: number, maxTokens: number): { contextTokens: number; maxOutputTokens: number } {
  const usable = Math.floor(contextTokens * LOCAL_CONTEXT_SHARE);
  return { contextTokens: usable, maxOutputTokens: Math.min(maxTokens, Math.floor(usable / 4)) };
}
