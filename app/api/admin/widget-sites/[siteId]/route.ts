import { adminRoute } from "@/lib/admin/route";
import { deleteWidgetSite, updateWidgetSite } from "@/lib/admin/widget-sites";
import { getDb } from "@/lib/db/client";
import { readJson } from "@/lib/http/body";

export const dynamic = "force-dynamic";

export const PATCH = adminRoute<{ siteId: string }>(async (request, { params, staff }) =>
  Response.json({ site: await updateWidgetSite(getDb(), staff, params.siteId, await readJson(request)) }),
);

export const DELETE = adminRoute<{ siteId: string }>(async (_request, { params, staff }) => {
  await deleteWidgetSite(getDb(), staff, params.siteId);
  return new Response(null, { status: 204 });
});
