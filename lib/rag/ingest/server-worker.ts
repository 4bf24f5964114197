import { getConfig } from "@/lib/config/load";
import { checkEmbedder } from "@/lib/health/check-health";
import { getRagServices } from "../services";
import { startIngestionWorker, type IngestionWorker } from "./worker";

let worker: IngestionWorker | undefined;

/**
 * Starts the ingestion worker inside the app server (the embedded default), unless
 * INGEST_WORKER=false hands the queue to separate worker processes. Stops with the server.
 * Uploads wait in the queue while the embedder is down and are indexed once it answers.
 */
export async function startServerIngestionWorker(): Promise<void> {
  const config = getConfig();
  if (worker || !config.INGEST_WORKER || !config.DATABASE_URL) return;
  worker = startIngestionWorker(await getRagServices(), {
    pollMs: 2000,
    canWork: async () => (await checkEmbedder(config)).status === "up",
    log: (line) => console.error(line),
  });
  const stop = () => void worker?.stop();
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

/** Wakes the worker after new jobs were queued, so they start without waiting for the next poll. */
export function wakeIngestionWorker(): void {
  worker?.wake();
}
