import type { IngestionKind, PrismaClient } from "@/lib/generated/prisma/client";

export type ClaimedJob = { id: string; documentId: string; kind: IngestionKind; attempts: number };

/** After a VECTORS job failed for good, its document is not tried again for this long. */
const VECTORS_RETRY_AFTER_S = 600;

/** Queues (re-)indexing of a document; the worker picks it up. */
export async function enqueueDocument(db: PrismaClient, documentId: string): Promise<string> {
  const [, job] = await db.$transaction([
    db.document.update({ where: { id: documentId }, data: { status: "QUEUED", error: null, errorCode: null } }),
    db.ingestionJob.create({ data: { documentId } }),
  ]);
  return job.id;
}

/**
 * Queues a VECTORS job for every READY document without vectors of the given space that has no
 * job waiting or running (so several workers may call it at once) and did not just fail one.
 */
export async function enqueueMissingVectors(db: PrismaClient, space: string): Promise<number> {
  return db.$executeRaw`
    INSERT INTO "IngestionJob" (id, "documentId", kind, status, stage, progress, attempts, "createdAt", "updatedAt")
    SELECT gen_random_uuid()::text, d.id, 'VECTORS', 'QUEUED', 'QUEUED', 0, 0, now(), now()
    FROM "Document" d
    WHERE d.status = 'READY' AND d."vectorKey" IS DISTINCT FROM ${space}
      AND NOT EXISTS (
        SELECT 1 FROM "IngestionJob" j WHERE j."documentId" = d.id
          AND (j.status IN ('QUEUED', 'RUNNING')
            OR (j.kind = 'VECTORS' AND j.status = 'FAILED' AND j."finishedAt" > now() - make_interval(secs => ${VECTORS_RETRY_AFTER_S}))))`;
}

export type ClaimOptions = {
  workerId: string;
  /** A running job whose lock is older than this lost its worker (it crashed or was killed). */
  staleAfterMs: number;
  /** Claims a job may have in all; a job that used them up is never claimed again. */
  maxAttempts: number;
  /** Without an embedder only INDEX jobs are taken: VECTORS jobs wait for one. */
  withVectors: boolean;
};

/**
 * Takes the oldest queued job, or a running one whose worker stopped sending heartbeats (it
 * crashed) and that has claims left, and locks it for this worker. Every claim counts as an
 * attempt, so a file that kills its worker each time cannot be reclaimed forever. SKIP LOCKED lets
 * several workers share the queue without two of them taking the same job.
 */
export async function claimJob(db: PrismaClient, options: ClaimOptions): Promise<ClaimedJob | undefined> {
  const { workerId, staleAfterMs, maxAttempts, withVectors } = options;
  const rows = await db.$queryRaw<ClaimedJob[]>`
    UPDATE "IngestionJob"
    SET status = 'RUNNING', "lockedBy" = ${workerId}, "lockedAt" = now(), "startedAt" = coalesce("startedAt", now()),
        attempts = attempts + 1, "updatedAt" = now()
    WHERE id = (
      SELECT id FROM "IngestionJob"
      WHERE (status = 'QUEUED'
         OR (status = 'RUNNING' AND "lockedAt" < now() - make_interval(secs => ${staleAfterMs / 1000}) AND attempts < ${maxAttempts}))
        AND (${withVectors} OR kind = 'INDEX')
      ORDER BY "createdAt"
      FOR UPDATE SKIP LOCKED
      LIMIT 1
    )
    RETURNING id, "documentId", kind, attempts`;
  return rows[0];
}

/**
 * Fails the running jobs whose worker died on their last allowed attempt, and the documents of
 * those that were indexing them; returns the ids of those documents, whose partly written passages
 * the caller removes. A VECTORS job's document stays READY on its words.
 */
export async function failAbandonedJobs(db: PrismaClient, staleAfterMs: number, maxAttempts: number): Promise<string[]> {
  const reason = `Indexing failed after ${maxAttempts} attempts: the worker processing the file stopped (crashed or was killed) each time.`;
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH failed AS (
      UPDATE "IngestionJob"
      SET status = 'FAILED', error = ${reason}, "finishedAt" = now(), "lockedBy" = NULL, "updatedAt" = now()
      WHERE id IN (
        SELECT id FROM "IngestionJob"
        WHERE status = 'RUNNING' AND "lockedAt" < now() - make_interval(secs => ${staleAfterMs / 1000}) AND attempts >= ${maxAttempts}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING "documentId", kind
    )
    UPDATE "Document" d
    SET status = 'FAILED', error = ${reason}, "errorCode" = 'indexing_failed', "chunkCount" = 0, "vectorKey" = NULL, "updatedAt" = now()
    FROM failed f
    WHERE d.id = f."documentId" AND f.kind = 'INDEX'
    RETURNING d.id`;
  return rows.map((row) => row.id);
}
