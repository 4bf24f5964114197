import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/lib/db/client";
import { frameAncestors } from "@/lib/widget/origins";

/**
 * The embedded chat may only be framed by its widget site's allowed origins: the browser enforces
 * the frame-ancestors policy set here, so a page elsewhere gets a blocked frame, not a chat.
 */
export async function proxy(request: NextRequest) {
  const siteKey = decodeURIComponent(request.nextUrl.pathname.split("/")[2] ?? "");
  const site = siteKey ? await getDb().widgetSite.findUnique({ where: { key: siteKey }, select: { allowedOrigins: true, enabled: true } }) : null;
  const response = NextResponse.next();
  response.headers.set("content-security-policy", frameAncestors(site?.enabled ? site.allowedOrigins : []));
  return response;
}

export const config = { matcher: "/embed/:siteKey*" };
