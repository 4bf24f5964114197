import { deleteWidgetSite, updateWidgetSite, widgetSitePatch } from "@/lib/admin/widget-sites";
import { staffRoute } from "@/lib/http/staff-route";

export const dynamic = "force-dynamic";

export const PATCH = staffRoute({ body: widgetSitePatch }, async ({ container, staff, params, body }) =>
  Response.json({ site: await updateWidgetSite(container.db, staff, params.siteId, body) }),
);

export const DELETE = staffRoute({}, async ({ container, staff, params }) => {
  await deleteWidgetSite(container.db, staff, params.siteId);
  return new Response(null, { status: 204 });
});
