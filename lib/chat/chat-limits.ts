import type { Config } from "@/lib/config/load";
import { TooManyRequests } from "@/lib/http/errors";
import { addressKey } from "@/lib/http/client-address";
import type { Limit, SharedLimiter } from "@/lib/rate-limit/shared-limiter";
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
export function questionLimits(config: Config, owner: ChatOwner, address: string): { perMinute: Limit[]; daily: Limit } {
  const perMinute = owner.widget?.rateLimitPerMinute ?? config.CHAT_RATE_LIMIT_PER_MINUTE;
  const student = owner.userId ? `user:${owner.userId}` : `visitor:${owner.visitorId}`;
  return {
    perMinute: [
      { key: `chat:${student}`, limit: perMinute, windowMs: MINUTE_MS },
      { key: `chat-address:${owner.widget?.siteId ?? "site"}:${addressKey(address)}`, limit: perMinute * ADDRESS_LIMIT_FACTOR, windowMs: MINUTE_MS },
    ],
    daily: { key: `chat-day:${student}`, limit: config.CHAT_DAILY_QUESTIONS_PER_STUDENT, windowMs: DAY_MS },
  };
}

/**
 * Counts a question against all its limits at once, or says why it is refused (429). Which limit
 * refused is asked again, only on a refusal: a minute limit filled early in its window can also
 * mean a wait of more than a minute, so the wait alone cannot tell the daily quota apart.
 */
export async function takeQuestion(limiter: SharedLimiter, config: Config, owner: ChatOwner, address: string): Promise<TooManyRequests | null> {
  const { perMinute, daily } = questionLimits(config, owner, address);
  const decision = await limiter.take([...perMinute, daily]);
  if (decision.ok) return null;
  const quota = await limiter.check([daily]);
  if (!quota.ok) {
    const hours = Math.ceil(quota.retryAfterS / 3600);
    return new TooManyRequests("daily_quota", `You have asked ${config.CHAT_DAILY_QUESTIONS_PER_STUDENT} questions today; ask again in ${hours} h`, decision.retryAfterS);
  }
  return new TooManyRequests("rate_limited", `Too many questions: wait ${decision.retryAfterS} s and ask again`, decision.retryAfterS);
}

/** Lets one more anonymous student start from this address, or refuses with 429. */
export async function admitNewVisitor(limiter: SharedLimiter, config: Config, address: string): Promise<void> {
  const decision = await limiter.take([{ key: `new-visitor:${addressKey(address)}`, limit: config.VISITORS_PER_ADDRESS_PER_HOUR, windowMs: HOUR_MS }]);
  if (!decision.ok) {
    const minutes = Math.ceil(decision.retryAfterS / 60);
    throw new TooManyRequests("too_many_visitors", `Too many new chat sessions from this network; allow cookies for this site or try again in ${minutes} min`, decision.retryAfterS);
  }
}
