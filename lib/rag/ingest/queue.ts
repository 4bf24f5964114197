import type { PrismaClient } from "@/lib/generated/prisma/client";

export type ClaimedJob = { id: string; documentId: string; attempts: number };

/** Queues (re-)ingestion of a document; the worker picks it up. */
export async function enqueueDocument(db: PrismaClient, documentId: string): Promise<string> {
  const [, job] = await db.$transaction([
    db.document.update({ where: { id: documentId }, data: { status: "QUEUED", error: null, errorCode: null } }),
    db.ingestionJob.create({ data: { documentId } }),
  ]);
  return job.id;
}

/**
 * Takes the oldest queued job, or a running one whose worker stopped sending heartbeats (it
 * crashed), and locks it for this worker. SKIP LOCKED lets several workers share the queue.
 */
export async function claimJob(db: PrismaClient, workerId: string, staleAfterMs: number): Promise<ClaimedJob | undefined> {
  const rows = await db.$queryRaw<ClaimedJob[]>`
    UPDATE "IngestionJob"
    SET status = 'RUNNING', "lockedBy" = ${workerId}, "lockedAt" = now(), "startedAt" = coalesce("startedAt", now()),
        attempts = attempts + 1, "updatedAt" = now()
    WHERE id = (
      SELECT id FROM "IngestionJob"
      WHERE status = 'QUEUED'
         OR (status = 'RUNNING' AND "lockedAt" < now() - make_interval(secs => ${staleAfterMs / 1000}))
      ORDER BY "createdAt"
      FOR UPDATE SKIP LOCKED
      LIMIT 1
    )
    RETURNING id, "documentId", attempts`;
  return rows[0];
}
