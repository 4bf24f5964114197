import { rm } from "node:fs/promises";
import { recreateDatabase } from "../../tests/support/databases";
import { startRetrievalSidecar } from "../../tests/support/embedding-sidecar";

// The e2e server is the demo command itself, on a fresh database of the test PostgreSQL server,
// with the real embedding sidecar on the static fixture model so uploads are really indexed.
await rm(".data/e2e", { recursive: true, force: true });
process.env.DATABASE_URL = await recreateDatabase("course_assistant_e2e");
const sidecar = await startRetrievalSidecar();
process.env.EMBEDDINGS_URL = sidecar.url;
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void sidecar.close());
await import("../../scripts/demo");
