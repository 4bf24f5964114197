import { closeInterruptedAnswers } from "@/lib/chat/interrupted-answers";
import { getDb } from "@/lib/db/client";
import { sweepExpiredLimits } from "@/lib/rate-limit/shared-limiter";
import { startConfiguredIngestionWorker } from "@/lib/rag/ingest/configured-worker";
import type { IngestionWorker } from "@/lib/rag/ingest/worker";
import { configOrExit, databaseUrlOrExit, run } from "./lib/cli";

// The ingestion worker as its own process: parsing and embedding stay off the web server's event
// loop. `npm run demo` and `npm start` start one beside the server unless INGEST_WORKER=false;
// more can run on other hosts with `npm run worker`.
let worker: IngestionWorker | undefined;
let stopping = false;
// Housekeeping beside the queue: answers a stopped app server left half-written, and rate-limit
// windows no limit reads any more.
const HOUSEKEEPING_MS = 5 * 60_000;

// Registered before start-up, so a stop that arrives while the store and embedder load is honoured.
async function shutdown() {
  stopping = true;
  await worker?.stop();
  process.exit(0);
}
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);

run(async () => {
  databaseUrlOrExit(configOrExit());
  worker = await startConfiguredIngestionWorker((line) => console.error(`[worker] ${line}`));
  if (stopping) return shutdown();
  console.log("[worker] Ingestion worker started.");
  const housekeeping = () =>
    Promise.all([closeInterruptedAnswers(getDb()), sweepExpiredLimits(getDb())]).then(
      ([count]) => count > 0 && console.error(`[worker] Marked ${count} interrupted answer(s) as failed.`),
      (error: unknown) => console.error(`[worker] Housekeeping failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  void housekeeping();
  setInterval(housekeeping, HOUSEKEEPING_MS).unref();
});
