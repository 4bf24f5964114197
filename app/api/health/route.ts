import { getConfig } from "@/lib/config/load";
import { getDb } from "@/lib/db/client";
import { mayReadHealthDetails, type PublicHealth } from "@/lib/health/access";
import { checkHealth, checkServing } from "@/lib/health/check-health";

export const dynamic = "force-dynamic";

/** GET /api/health: up or down for anyone (503 when the app cannot serve), every component's state for staff and monitoring. */
export async function GET(request: Request) {
  const config = getConfig();
  const db = config.DATABASE_URL ? getDb() : undefined;
  const headers = { "cache-control": "no-store", vary: "authorization, cookie" };
  if (!(await mayReadHealthDetails(request, config))) {
    const status = await checkServing(config, db);
    return Response.json({ status } satisfies PublicHealth, { status: status === "unavailable" ? 503 : 200, headers });
  }
  const report = await checkHealth(config, db);
  return Response.json(report, { status: report.status === "unavailable" ? 503 : 200, headers });
}
