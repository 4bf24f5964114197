import type { Config } from "@/lib/config/load";
import { HttpError } from "@/lib/http/errors";
import { addressKey } from "@/lib/http/client-address";
import type { Limit, RateDecision, SharedLimiter } from "@/lib/rate-limit/shared-limiter";
import type { ChatOwner } from "./owner";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
// Several students may share one address (a campus network), so it gets more room than a session.
const ADDRESS_LIMIT_FACTOR = 5;

/**
 * The limits one question counts against: its student per minute and per day, and its client
 * address per minute (per widget site, each under its own limit). The address limit is what holds
 * when a script drops its cookie to be a new student every time.
 */
export function questionLimits(config: Config, owner: ChatOwner, address: string): Limit[] {
  const perMinute = owner.widget?.rateLimitPerMinute ?? config.CHAT_RATE_LIMIT_PER_MINUTE;
  const student = owner.userId ? `user:${owner.userId}` : `visitor:${owner.visitorId}`;
  return [
    { key: `chat:${student}`, limit: perMinute, windowMs: MINUTE_MS },
    { key: `chat-day:${student}`, limit: config.CHAT_DAILY_QUESTIONS_PER_STUDENT, windowMs: DAY_MS },
    { key: `chat-address:${owner.widget?.siteId ?? "site"}:${addressKey(address)}`, limit: perMinute * ADDRESS_LIMIT_FACTOR, windowMs: MINUTE_MS },
  ];
}

/** The 429 for a refused question; a wait beyond a minute can only be the daily quota. */
export function questionRefusal(decision: Extract<RateDecision, { ok: false }>, config: Config): HttpError {
  const headers = { "retry-after": String(decision.retryAfterS) };
  if (decision.retryAfterS > MINUTE_MS / 1000) {
    return new HttpError(429, "daily_quota", `You have asked ${config.CHAT_DAILY_QUESTIONS_PER_STUDENT} questions today; ask again in ${Math.ceil(decision.retryAfterS / 3600)} h`, headers);
  }
  return new HttpError(429, "rate_limited", `Too many questions: wait ${decision.retryAfterS} s and ask again`, headers);
}

/** Lets one more anonymous student start from this address, or refuses with 429. */
export async function admitNewVisitor(limiter: SharedLimiter, config: Config, address: string): Promise<void> {
  const decision = await limiter.take([{ key: `new-visitor:${addressKey(address)}`, limit: config.VISITORS_PER_ADDRESS_PER_HOUR, windowMs: HOUR_MS }]);
  if (!decision.ok) {
    throw new HttpError(429, "too_many_visitors", `Too many new chat sessions from this network; allow cookies for this site or try again in ${Math.ceil(decision.retryAfterS / 60)} min`, {
      "retry-after": String(decision.retryAfterS),
    });
  }
}
