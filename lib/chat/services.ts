import { getConfig, type Config } from "@/lib/config/load";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { LOCALE_COOKIE, resolveLocale, type Locale } from "@/lib/i18n/locales";
import { createChatModel } from "@/lib/llm/provider";
import { getDb } from "@/lib/db/client";
import { getEmbedder } from "@/lib/embeddings";
import type { EmbedTexts } from "@/lib/rag/embed-types";
import { retrieve } from "@/lib/rag/retrieve";
import { createVectorStore } from "@/lib/vector/create-store";
import type { AnswerDeps } from "./answer-stream";
import { cookieValue } from "@/lib/http/request";
import { SlidingWindowLimiter } from "@/lib/rate-limit/sliding-window";

export type ChatDeps = AnswerDeps & { rateLimiter: SlidingWindowLimiter };

const RATE_WINDOW_MS = 60_000;

/** The chat's parts over the knowledge base's: one set per process, built on first use. */
export function createChatDeps(config: Config, db: PrismaClient, retrieveFn: AnswerDeps["retrieve"]): ChatDeps {
  return { config, db, retrieve: retrieveFn, model: createChatModel(config), rateLimiter: new SlidingWindowLimiter(RATE_WINDOW_MS) };
}

let deps: Promise<ChatDeps> | undefined;

export function getChatDeps(): Promise<ChatDeps> {
  // Not getRagServices(): that also loads the document parsers, which answering never needs.
  deps ??= (async () => {
    const config = getConfig();
    const store = await createVectorStore(config);
    const embedder = getEmbedder();
    // The store opens its collections once, with the embedder's dimension, before the first search.
    let ready: Promise<void> | undefined;
    const embed: EmbedTexts = async (texts, inputType) => {
      const vectors = await embedder.embed(texts, inputType);
      ready ??= store.ensureCollections(vectors[0].length).catch((error: unknown) => {
        ready = undefined;
        throw error;
      });
      await ready;
      return vectors;
    };
    return createChatDeps(config, getDb(), (options) => retrieve({ db: getDb(), store, embed }, options));
  })();
  return deps;
}

/** The reader's language for answers and messages: their explicit choice, else the site default. */
export function requestLocale(request: Request, config: Config): Locale {
  return resolveLocale(cookieValue(request, LOCALE_COOKIE), config.DEFAULT_LOCALE);
}
