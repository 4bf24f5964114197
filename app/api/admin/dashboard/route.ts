import { loadDashboard } from "@/lib/admin/dashboard/dashboard";
import { dashboardQuery } from "@/lib/admin/dashboard/query";
import { staffRoute } from "@/lib/http/staff-route";

export const dynamic = "force-dynamic";

/** GET /api/admin/dashboard?from=YYYY-MM-DD&to=YYYY-MM-DD&courseId=… — the dashboard's figures as JSON. */
export const GET = staffRoute({ query: ({ config }) => dashboardQuery(config.DASHBOARD_TIME_ZONE) }, async ({ container: { db, config }, staff, query }) => {
  const dashboard = await loadDashboard({ db, prices: config.LLM_PRICES, timeZone: config.DASHBOARD_TIME_ZONE, budgets: config }, staff, query);
  return Response.json({ dashboard }, { headers: { "cache-control": "no-store" } });
});
