import { z } from "zod";
import { widgetPreflight, widgetRoute } from "@/lib/http/widget-route";
import { admitSessionRequest, openPageSession, sessionRequest } from "@/lib/widget/open-session";

export const dynamic = "force-dynamic";

const query = z.object({ site: z.string().default("") });

export const OPTIONS = widgetPreflight;

/** POST /api/widget/session?site=<key> with `{ identity? }`: a session token for the widget. */
export const POST = widgetRoute({ admit: ({ container, request }) => admitSessionRequest(container, request), query, body: sessionRequest, emptyBody: {} }, async ({ container, request, query, body }) =>
  Response.json(await openPageSession(container, request, query.site, body), { headers: { "cache-control": "no-store" } }),
);
