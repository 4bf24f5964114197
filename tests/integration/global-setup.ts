import type { TestProject } from "vitest/node";
import { applyMigrations } from "../../lib/db/migrations";
import { dropDatabase, recreateDatabase } from "../support/databases";

const SHARED_DATABASE = "course_assistant_test";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/** One migrated database for the integration tests that need the app's schema. */
export default async function setup(project: TestProject) {
  const url = await recreateDatabase(SHARED_DATABASE);
  await applyMigrations(url);
  project.provide("databaseUrl", url);
  return () => dropDatabase(SHARED_DATABASE);
}
