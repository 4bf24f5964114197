import { loadDashboard } from "@/lib/admin/dashboard/dashboard";
import { parseDashboardQuery } from "@/lib/admin/dashboard/query";
import { adminRoute } from "@/lib/admin/route";
import { getConfig } from "@/lib/config/load";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** GET /api/admin/dashboard?from=YYYY-MM-DD&to=YYYY-MM-DD&courseId=… — the dashboard's figures as JSON. */
export const GET = adminRoute(async (request, { staff }) => {
  const config = getConfig();
  const query = parseDashboardQuery(new URL(request.url).searchParams, config.DASHBOARD_TIME_ZONE);
  const dashboard = await loadDashboard({ db: getDb(), prices: config.LLM_PRICES, timeZone: config.DASHBOARD_TIME_ZONE, budgets: config }, staff, query);
  return Response.json({ dashboard }, { headers: { "cache-control": "no-store" } });
});
