import type { PrismaClient } from "@/lib/generated/prisma/client";

/** A widget site as the embedded chat needs it: who may frame it, and the course it opens. */
export function findEmbedSite(db: PrismaClient, siteKey: string) {
  return db.widgetSite.findUnique({
    where: { key: siteKey },
    select: { enabled: true, allowedOrigins: true, course: { select: { slug: true, publishedAt: true, archivedAt: true } } },
  });
}
