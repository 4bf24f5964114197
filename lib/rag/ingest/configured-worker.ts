import { getConfig } from "@/lib/config/load";
import { checkEmbedder } from "@/lib/health/check-health";
import { parseDocument } from "../parse";
import { getRagServices } from "../services";
import { startIngestionWorker, type IngestionWorker } from "./worker";

/**
 * The ingestion worker as configured: uploads wait in the queue while the embedder is down and
 * are indexed once it answers; FAQ entries nobody indexed (seeded ones) are indexed when idle.
 */
export async function startConfiguredIngestionWorker(log: (line: string) => void): Promise<IngestionWorker> {
  const config = getConfig();
  return startIngestionWorker({ ...(await getRagServices()), parse: parseDocument }, {
    pollMs: 2000,
    canWork: async () => (await checkEmbedder(config)).status === "up",
    // Seeded FAQ entries; an admin's new entry is indexed by the app within this time.
    pendingEntriesAfterMs: 5_000,
    log,
  });
}
