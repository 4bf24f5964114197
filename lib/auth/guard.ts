import { getConfig } from "@/lib/config/load";
import { getDb } from "@/lib/db/client";
import { forbidden, unauthorized } from "@/lib/http/errors";
import { cookieValue } from "@/lib/http/request";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { sessionTokenFromCookies } from "./session-cookie";
import { sessionHolder, type SessionHolder } from "./sessions";
import type { StaffIdentity } from "./staff";

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
  assertSameOrigin(request, getConfig());
  return staff;
}
