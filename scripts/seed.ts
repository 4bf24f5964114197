import { createPrismaClient } from "@/lib/db/client";
import { seedDemoCourse } from "@/lib/db/seed-demo";
import { configOrExit, databaseUrlOrExit, run } from "./lib/cli";

run(async () => {
  const config = configOrExit();
  const db = createPrismaClient(databaseUrlOrExit(config));
  try {
    const summary = await seedDemoCourse(db, config);
    console.log(
      `Demo course "${summary.slug}": ${summary.documentsCreated} document(s) and ${summary.entriesCreated} FAQ/organisational entries added.`,
    );
  } finally {
    await db.$disconnect();
  }
});
