import { parseDocument } from "../parse";
import { getRagServices } from "../services";
import { startIngestionWorker, type IngestionWorker } from "./worker";

/**
 * The ingestion worker as configured: documents are indexed by their words whether or not an
 * embedder answers, vectors follow when one does, seeded FAQ entries are indexed when idle, and
 * courses are calibrated once their index has been quiet for a moment.
 */
export async function startConfiguredIngestionWorker(log: (line: string) => void): Promise<IngestionWorker> {
  return startIngestionWorker({ ...(await getRagServices()), parse: parseDocument }, {
    pollMs: 2000,
    // Seeded FAQ entries; an admin's new entry is indexed by the app within this time.
    pendingEntriesAfterMs: 5_000,
    calibrateAfterMs: 3_000,
    log,
  });
}
