import type { Translate } from "@/lib/i18n/translator";

/**
 * Why a request failed, in the reader's language, and whether the question reached the server.
 * An HTTP error (400, 404, 429) or a network failure means it did not, so "retry" sends it again;
 * an error inside the stream means the question and a partial answer are stored, so "retry"
 * regenerates the answer.
 */
export function describeChatError(error: Error, t: Translate): { text: string; questionStored: boolean } {
  let body: { error?: { code?: string; message?: string; retryAfterS?: number; limit?: number } } | undefined;
  try {
    body = JSON.parse(error.message) as typeof body;
  } catch {
    body = undefined;
  }
  const code = body?.error?.code;
  if (code === "rate_limited") return { text: t("chat.error.rateLimited", { seconds: body?.error?.retryAfterS ?? 60 }), questionStored: false };
  if (code === "daily_quota") {
    return { text: t("chat.error.dailyQuota", { limit: body?.error?.limit ?? 0, hours: Math.ceil((body?.error?.retryAfterS ?? 3600) / 3600) }), questionStored: false };
  }
  if (code === "too_many_visitors") return { text: t("chat.error.tooManyVisitors", { minutes: Math.ceil((body?.error?.retryAfterS ?? 60) / 60) }), questionStored: false };
  if (code === "not_found") return { text: t("chat.error.notFound"), questionStored: false };
  if (code) return { text: body?.error?.message ?? t("chat.error.failed"), questionStored: false };
  if (error instanceof TypeError || /fetch|network/i.test(error.message)) return { text: t("chat.error.network"), questionStored: false };
  // Errors inside the stream carry the server's own readable, localized text.
  return { text: error.message || t("chat.error.failed"), questionStored: true };
}
