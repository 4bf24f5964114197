import "server-only";
import type { Config } from "@/lib/config/load";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { LOCALE_COOKIE, resolveLocale, type Locale } from "@/lib/i18n/locales";
import { createChatModel } from "@/lib/llm/provider";
import type { AnswerDeps } from "./answer-stream";
import { cookieValue } from "@/lib/http/request";
import { SharedLimiter } from "@/lib/rate-limit/shared-limiter";

export type ChatDeps = AnswerDeps & { limiter: SharedLimiter };

/** The chat's parts over the knowledge base's retrieval; the app's come from its container (lib/server/container.ts). */
export function createChatDeps(config: Config, db: PrismaClient, retrieveFn: AnswerDeps["retrieve"], limiter = new SharedLimiter(db)): ChatDeps {
  return { config, db, retrieve: retrieveFn, model: createChatModel(config), limiter };
}

/** The reader's language for answers and messages: their explicit choice, else the site default. */
export function requestLocale(request: Request, config: Config): Locale {
  return resolveLocale(cookieValue(request, LOCALE_COOKIE), config.DEFAULT_LOCALE);
}
