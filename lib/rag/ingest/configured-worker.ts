import { isolatedParser } from "../parse/isolated";
import { getRagServices } from "../services";
import { startIngestionWorker, type IngestionWorker } from "./worker";

/**
 * The ingestion worker as configured: each file is parsed in a thread of its own under the
 * configured time and memory limits, documents are indexed by their words whether or not an
 * embedder answers, vectors follow when one does, seeded FAQ entries are indexed when idle, and
 * courses are calibrated once their index has been quiet for a moment.
 */
export async function startConfiguredIngestionWorker(log: (line: string) => void): Promise<IngestionWorker> {
  const services = await getRagServices();
  const parse = isolatedParser({ timeoutS: services.config.PARSE_TIMEOUT_S, memoryMb: services.config.PARSE_MEMORY_MB });
  return startIngestionWorker({ ...services, parse }, {
    pollMs: 2000,
    // Seeded FAQ entries; an admin's new entry is indexed by the app within this time.
    pendingEntriesAfterMs: 5_000,
    calibrateAfterMs: 3_000,
    log,
  });
}
