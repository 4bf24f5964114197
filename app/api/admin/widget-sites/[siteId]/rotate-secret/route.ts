import { rotateWidgetSecret } from "@/lib/admin/widget-sites";
import { staffRoute } from "@/lib/http/staff-route";

export const dynamic = "force-dynamic";

export const POST = staffRoute({}, async ({ container, staff, params }) => Response.json({ site: await rotateWidgetSecret(container.db, staff, params.siteId) }));
