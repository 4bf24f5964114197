import type { Config } from "@/lib/config/load";
import { HttpError } from "./errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

const crossOrigin = () => new HttpError(403, "cross_origin", "Requests from other sites are not allowed here.");

/**
 * The app's own origin as the browser states it. With APP_URL set (it should be in production),
 * that origin exactly. Without it, the Host header the browser sent, compared by host alone: behind
 * a TLS-terminating proxy the request's own scheme is not the browser's. X-Forwarded-Host is not
 * consulted: any client can send it, and a proxy that rewrites Host needs APP_URL set instead.
 */
function isOwnOrigin(origin: string, request: Request, config: Pick<Config, "APP_URL">): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null": a sandboxed frame, a file, a privacy redirect
  }
  if (config.APP_URL) return url.origin === new URL(config.APP_URL).origin;
  const host = request.headers.get("host");
  return host !== null && url.host === host.toLowerCase();
}

/**
 * Refuses (403 cross_origin) a state-changing request another site made a browser send with our
 * cookies. Browsers state Origin on every POST, PATCH and DELETE (and Sec-Fetch-Site over HTTPS),
 * so a request without Origin comes from a client without the visitor's cookies (curl, a server),
 * which this check lets through.
 */
export function assertSameOrigin(request: Request, config: Pick<Config, "APP_URL">): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (request.headers.get("sec-fetch-site") === "cross-site") throw crossOrigin();
  const origin = request.headers.get("origin");
  if (origin !== null && !isOwnOrigin(origin, request, config)) throw crossOrigin();
}
