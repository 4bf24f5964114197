import { adminRoute } from "@/lib/admin/route";
import { createWidgetSite, listWidgetSites } from "@/lib/admin/widget-sites";
import { getDb } from "@/lib/db/client";
import { readJson } from "@/lib/http/body";

export const dynamic = "force-dynamic";

export const GET = adminRoute<{ courseId: string }>(async (_request, { params, staff }) =>
  Response.json({ sites: await listWidgetSites(getDb(), staff, params.courseId) }),
);

export const POST = adminRoute<{ courseId: string }>(async (request, { params, staff }) =>
  Response.json({ site: await createWidgetSite(getDb(), staff, params.courseId, await readJson(request)) }, { status: 201 }),
);
