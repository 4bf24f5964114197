import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * An answer still streaming this long after it began was cut off by an app server that stopped;
 * no answer streams for an hour (LLM_TIMEOUT_MS ends a silent model long before).
 */
export const INTERRUPTED_AFTER_MS = 60 * 60_000;

/** Marks such answers FAILED, so the student sees them as failed (with retry) and dashboards count them. */
export async function closeInterruptedAnswers(db: PrismaClient, now = new Date()): Promise<number> {
  const { count } = await db.message.updateMany({
    where: { status: "STREAMING", createdAt: { lt: new Date(now.getTime() - INTERRUPTED_AFTER_MS) } },
    data: { status: "FAILED", errorText: "Interrupted: the app server stopped while the answer was streaming" },
  });
  return count;
}
