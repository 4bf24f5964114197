import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { ingestDocument, type IngestDeps } from "./ingest-document";
import { indexPendingQaEntry } from "../qa-index";
import { claimJob } from "./queue";

export type WorkerOptions = {
  pollMs?: number;
  staleAfterMs?: number;
  heartbeatMs?: number;
  /** Checked before each job: while it says no (the embedder is down), jobs stay queued instead of failing. */
  canWork?: () => Promise<boolean>;
  log?: (line: string) => void;
  /**
   * Also index FAQ and organisational entries that were never indexed (seeded or imported rows)
   * while idle, once they are older than this (ms): younger ones are left to whoever created them,
   * so two writers do not race on the same table. Off when unset.
   */
  pendingEntriesAfterMs?: number;
};

export type IngestionWorker = { wake: () => void; stop: () => Promise<void> };

/**
 * Processes ingestion jobs one at a time until stopped (and, if asked, pending FAQ entries when
 * idle). A heartbeat keeps the running job's lock fresh; a job whose lock goes stale (the process
 * died) is taken over by the next worker.
 */
export function startIngestionWorker(deps: IngestDeps, options: WorkerOptions = {}): IngestionWorker {
  const { pollMs = 1000, staleAfterMs = 120_000, heartbeatMs = 15_000, canWork = async () => true, log = console.log, pendingEntriesAfterMs } = options;
  const indexPending = () =>
    pendingEntriesAfterMs === undefined ? Promise.resolve(false) : indexPendingQaEntry(deps, new Date(Date.now() - pendingEntriesAfterMs));
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
        if (!(await canWork())) {
          await sleep();
          continue;
        }
        const job = await claimJob(deps.db, workerId, staleAfterMs);
        if (!job) {
          if (!(await indexPending())) await sleep();
          continue;
        }
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
