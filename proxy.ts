import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "@/lib/config/load";
import { getDb } from "@/lib/db/client";
import { contentSecurityPolicy, newNonce, securityHeaders } from "@/lib/http/security-headers";
import { findEmbedSite } from "@/lib/widget/embed-site";

/** The widget site key of an /embed/<key> address; undefined elsewhere. */
function embedSiteKey(pathname: string): string | undefined {
  const match = /^\/embed\/([^/]+)/.exec(pathname);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return "";
  }
}

/** The origins allowed to frame a widget site's chat: none for an unknown or disabled site. */
async function framersOf(siteKey: string): Promise<string[]> {
  if (!siteKey) return [];
  const site = await findEmbedSite(getDb(), siteKey);
  return site?.enabled ? site.allowedOrigins : [];
}

/**
 * Security headers on every response, and on pages a Content-Security-Policy with a fresh nonce.
 * The policy also goes on the request: Next.js reads the nonce from it and puts it on the scripts it
 * renders, which is why every page renders per request. Only the embedded chat may be framed, and
 * only by its widget site's allowed origins. API responses keep the policy their route sets (the
 * file route sandboxes documents), since Next.js drops a route's header that the proxy already set.
 */
export async function proxy(request: NextRequest) {
  const https = getConfig().appUrl.startsWith("https:");
  const { pathname } = request.nextUrl;
  if (pathname.startsWith("/api/")) return withHeaders(NextResponse.next(), securityHeaders({ https, framed: false }));

  const siteKey = embedSiteKey(pathname);
  const framedBy = siteKey === undefined ? [] : await framersOf(siteKey);
  const policy = contentSecurityPolicy({ nonce: newNonce(), dev: process.env.NODE_ENV === "development", https, framedBy });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  return withHeaders(response, securityHeaders({ https, framed: siteKey !== undefined }));
}

function withHeaders(response: NextResponse, headers: Record<string, string>): NextResponse {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

// Build assets and images are not documents and carry nothing to protect; the lookahead keeps them
// from paying for the proxy.
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico|.*\\.(?:png|jpe?g|gif|svg|webp|avif|ico)$).*)"],
};
