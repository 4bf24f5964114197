import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { VectorSpace } from "@/lib/vector/types";
import { calibrateStaleCourses } from "../calibration/calibrate";
import { addMissingEntryVectors, indexPendingQaEntry } from "../qa-index";
import { ingestDocument, type IngestDeps } from "./ingest-document";
import { claimJob, enqueueMissingVectors, failAbandonedJobs } from "./queue";

export type WorkerOptions = {
  pollMs?: number;
  staleAfterMs?: number;
  heartbeatMs?: number;
  log?: (line: string) => void;
  /**
   * Also index FAQ and organisational entries that were never indexed (seeded or imported rows)
   * while idle, once they are older than this (ms): younger ones are left to whoever created them,
   * so two writers do not race on the same table. Off when unset.
   */
  pendingEntriesAfterMs?: number;
  /**
   * Also calibrate the relevance floors of courses whose index changed, once it has been quiet
   * for this long (ms), so a batch of uploads is calibrated once. Off when unset.
   */
  calibrateAfterMs?: number;
};

export type IngestionWorker = { wake: () => void; stop: () => Promise<void> };

/**
 * Processes ingestion jobs one at a time until stopped. When idle it indexes pending FAQ entries
 * (if asked), queues the vectors the current embedding model is missing and adds entries' vectors,
 * then calibrates courses whose index changed (if asked). Without an embedder, documents are still
 * indexed by their words; their vectors follow when one answers, and again after a model change.
 * A heartbeat keeps the running job's lock fresh; a job whose lock goes stale (the process died)
 * is taken over by the next worker, until it has used up INGEST_MAX_ATTEMPTS: then it fails.
 */
export function startIngestionWorker(deps: IngestDeps, options: WorkerOptions = {}): IngestionWorker {
  const { pollMs = 1000, staleAfterMs = 120_000, heartbeatMs = 15_000, log = console.log, pendingEntriesAfterMs, calibrateAfterMs } = options;
  let lastWork = Date.now();
  let calibrationDue = true;
  /** One piece of idle work; true when it did something (and the loop should look again at once). */
  const idleWork = async (space: VectorSpace | null): Promise<boolean> => {
    if (pendingEntriesAfterMs !== undefined && (await indexPendingQaEntry(deps, new Date(Date.now() - pendingEntriesAfterMs)))) return true;
    if (space && (await enqueueMissingVectors(deps.db, space.key)) > 0) return true;
    if (space && (await addMissingEntryVectors(deps, space))) return true;
    if (calibrateAfterMs !== undefined && calibrationDue && Date.now() - lastWork >= calibrateAfterMs) {
      calibrationDue = false;
      const count = await calibrateStaleCourses(deps);
      if (count > 0) log(`Calibrated the relevance floors of ${count} course(s).`);
    }
    return false;
  };
  const workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let stopped = false;
  let wakeUp: () => void = () => {};
  const sleep = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pollMs);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = (async () => {
    while (!stopped) {
      try {
        const maxAttempts = deps.config.INGEST_MAX_ATTEMPTS;
        for (const documentId of await failAbandonedJobs(deps.db, staleAfterMs, maxAttempts)) {
          log(`Document ${documentId} failed: its worker stopped on each of ${maxAttempts} attempts.`);
          await deps.store.deleteDocument("course", documentId);
        }
        const space = await deps.spaces.current();
        const job = await claimJob(deps.db, { workerId, staleAfterMs, maxAttempts, withVectors: space !== null });
        if (!job) {
          if (await idleWork(space)) {
            lastWork = Date.now();
            calibrationDue = true;
          } else {
            await sleep();
          }
          continue;
        }
        lastWork = Date.now();
        calibrationDue = true;
        const heartbeat = setInterval(() => {
          deps.db.ingestionJob.update({ where: { id: job.id }, data: { lockedAt: new Date() } }).catch(() => {});
        }, heartbeatMs);
        try {
          await ingestDocument(deps, job);
        } finally {
          clearInterval(heartbeat);
        }
      } catch (error) {
        log(`Ingestion worker error: ${error instanceof Error ? error.message : String(error)}`);
        await sleep();
      }
    }
  })();

  return {
    wake: () => wakeUp(),
    stop: async () => {
      stopped = true;
      wakeUp();
      await loop;
    },
  };
}
