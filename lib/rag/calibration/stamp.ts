import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * What a course's index holds, in one string: how many documents and entries are searchable and
 * when the last of them changed. Floors are computed again when it differs from theirs. With a
 * space, only what has vectors in that space counts; "0:..." means nothing has.
 */
export async function materialsStamp(db: PrismaClient, courseId: string, space: string | null): Promise<string> {
  const [row] = await db.$queryRaw<{ count: bigint; latest: Date | null }[]>`
    SELECT count(*) AS count, max(changed) AS latest FROM (
      SELECT "indexedAt" AS changed FROM "Document"
      WHERE "courseId" = ${courseId} AND status = 'READY' AND (${space}::text IS NULL OR "vectorKey" = ${space})
      UNION ALL
      SELECT "updatedAt" AS changed FROM "QaEntry"
      WHERE ("courseId" = ${courseId} OR "courseId" IS NULL) AND "indexedAt" IS NOT NULL AND (${space}::text IS NULL OR "vectorKey" = ${space})
    ) AS searchable`;
  return `${row.count}:${row.latest?.toISOString() ?? ""}`;
}
