import { getConfig } from "@/lib/config/load";
import { getDb } from "@/lib/db/client";
import { checkHealth } from "@/lib/health/check-health";

export const dynamic = "force-dynamic";

export async function GET() {
  const config = getConfig();
  const report = await checkHealth(config, config.DATABASE_URL ? getDb() : undefined);
  return Response.json(report, {
    status: report.status === "unavailable" ? 503 : 200,
    headers: { "cache-control": "no-store" },
  });
}
