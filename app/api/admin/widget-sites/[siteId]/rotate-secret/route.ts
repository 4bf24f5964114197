import { adminRoute } from "@/lib/admin/route";
import { rotateWidgetSecret } from "@/lib/admin/widget-sites";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const POST = adminRoute<{ siteId: string }>(async (_request, { params, staff }) =>
  Response.json({ site: await rotateWidgetSecret(getDb(), staff, params.siteId) }),
);
