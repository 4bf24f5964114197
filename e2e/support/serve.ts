import { rm } from "node:fs/promises";
import { recreateDatabase } from "../../tests/support/databases";

// The e2e server is the demo command itself, on a fresh database of the test PostgreSQL server.
await rm(".data/e2e", { recursive: true, force: true });
process.env.DATABASE_URL = await recreateDatabase("course_assistant_e2e");
await import("../../scripts/demo");
