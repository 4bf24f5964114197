import { z } from "zod";
import { createWidgetSite, listWidgetSites } from "@/lib/admin/widget-sites";
import { staffRoute } from "@/lib/http/staff-route";

export const dynamic = "force-dynamic";

export const GET = staffRoute({}, async ({ container, staff, params }) => Response.json({ sites: await listWidgetSites(container.db, staff, params.courseId) }));

// createWidgetSite validates the body itself, after the course check.
export const POST = staffRoute({ body: z.unknown() }, async ({ container, staff, params, body }) =>
  Response.json({ site: await createWidgetSite(container.db, staff, params.courseId, body) }, { status: 201 }),
);
