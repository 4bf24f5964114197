// Runs once when the Next.js server starts.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServerIngestionWorker } = await import("./lib/rag/ingest/server-worker");
  await startServerIngestionWorker();
}
