import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { JobCounts } from "./registry";

/** Queued, running and failed ingestion jobs (succeeded and cancelled ones are history, not load). */
export async function countIngestionJobs(db: PrismaClient): Promise<JobCounts> {
  const groups = await db.ingestionJob.groupBy({ by: ["status"], where: { status: { in: ["QUEUED", "RUNNING", "FAILED"] } }, _count: { _all: true } });
  const count = (status: string) => groups.find((group) => group.status === status)?._count._all ?? 0;
  return { queued: count("QUEUED"), running: count("RUNNING"), failed: count("FAILED") };
}
