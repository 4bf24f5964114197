import { getConfig } from "@/lib/config/load";
import { getDb } from "@/lib/db/client";
import { responseForError, TooManyRequests } from "@/lib/http/errors";
import { readJson } from "@/lib/http/body";
import { addressKey, clientAddress } from "@/lib/http/client-address";
import { SharedLimiter } from "@/lib/rate-limit/shared-limiter";
import { admitNewVisitor } from "@/lib/chat/chat-limits";
import { openWidgetSession } from "@/lib/widget/open-session";

export const dynamic = "force-dynamic";

// The widget script calls this from the host page, so the browser's Origin is the host's.
// Answers carry CORS headers for that origin; whether it may have a session is decided inside.
function cors(request: Request): Record<string, string> {
  const origin = request.headers.get("origin");
  return origin
    ? {
        "access-control-allow-origin": origin,
        "access-control-allow-methods": "POST, OPTIONS",
        "access-control-allow-headers": "content-type",
        "access-control-max-age": "600",
        vary: "Origin",
      }
    : {};
}

export function OPTIONS(request: Request) {
  return new Response(null, { status: 204, headers: cors(request) });
}

/** POST /api/widget/session?site=<key> with `{ identity? }`: a session token for the widget. */
export async function POST(request: Request) {
  try {
    const config = getConfig();
    const db = getDb();
    // A page view opens one session; a script hammering this endpoint opens many.
    const address = clientAddress(request.headers, config);
    const limiter = new SharedLimiter(db);
    const decision = await limiter.take([{ key: `widget-session:${addressKey(address)}`, limit: config.WIDGET_SESSIONS_PER_ADDRESS_PER_MINUTE, windowMs: 60_000 }]);
    if (!decision.ok) {
      throw new TooManyRequests("rate_limited", `Too many chat sessions from this address; try again in ${decision.retryAfterS} s.`, decision.retryAfterS);
    }
    const siteKey = new URL(request.url).searchParams.get("site") ?? "";
    const body = await readJson(request, { empty: {} });
    const admitVisitor = () => admitNewVisitor(limiter, config, address);
    const session = await openWidgetSession({ db, config, admitVisitor }, siteKey, request.headers.get("origin"), body);
    return Response.json(session, { headers: { ...cors(request), "cache-control": "no-store" } });
  } catch (error) {
    const response = responseForError(error);
    for (const [name, value] of Object.entries(cors(request))) response.headers.set(name, value);
    return response;
  }
}
