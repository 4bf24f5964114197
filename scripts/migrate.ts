import { applyMigrations } from "@/lib/db/migrations";
import { configOrExit, databaseUrlOrExit, run } from "./lib/cli";

run(async () => {
  const url = databaseUrlOrExit(configOrExit());
  const result = await applyMigrations(url, { log: console.log });
  console.log(
    result.applied.length > 0
      ? `Applied ${result.applied.length} migration(s); ${result.alreadyApplied.length} were already applied.`
      : `Database is up to date (${result.alreadyApplied.length} migration(s) applied).`,
  );
});
