import { getConfig } from "@/lib/config/load";
import { getDb } from "@/lib/db/client";
import { forbidden, unauthorized } from "@/lib/http/errors";
import { cookieValue } from "@/lib/http/request";
import { sessionTokenFromCookies } from "./session-cookie";
import { sessionHolder, type SessionHolder } from "./sessions";
import type { StaffIdentity } from "./staff";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses state-changing requests sent by another site with the admin's cookies. Browsers send
 * Origin (and Sec-Fetch-Site) on every cross-site POST, PATCH and DELETE, so their absence means
 * a non-browser client, which carries no ambient cookies to abuse.
 */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (request.headers.get("sec-fetch-site") === "cross-site") throw forbidden("Cross-site requests are not allowed.");
  const origin = request.headers.get("origin");
  if (!origin) return;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw forbidden("Cross-site requests are not allowed.");
  }
  if (originHost !== host) throw forbidden("Cross-site requests are not allowed.");
}

/** Whoever holds the session named by the request's cookies (null: anonymous or expired). */
export async function sessionHolderFromCookies(cookie: (name: string) => string | undefined): Promise<SessionHolder | null> {
  const token = await sessionTokenFromCookies(getConfig(), cookie);
  return token ? sessionHolder(getDb(), token) : null;
}

export function staffOrThrow(holder: SessionHolder | null): StaffIdentity {
  if (!holder) throw unauthorized();
  if (holder.role === "STUDENT") throw forbidden("Only administrators and staff can use the admin console.");
  return holder;
}

/** The single check every admin API route passes through: signed in, admin or staff, same origin. */
export async function requireStaff(request: Request): Promise<StaffIdentity> {
  const staff = staffOrThrow(await sessionHolderFromCookies((name) => cookieValue(request, name)));
  assertSameOrigin(request);
  return staff;
}
