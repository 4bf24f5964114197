import "server-only";
import { forbidden, unauthorized } from "@/lib/http/errors";
import { cookieValue } from "@/lib/http/request";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { getContainer, type Container } from "@/lib/server/container";
import { sessionTokenFromCookies } from "./session-cookie";
import { sessionHolder, type SessionHolder } from "./sessions";
import type { StaffIdentity } from "./staff";

type SessionDeps = Pick<Container, "config" | "db">;

/**
 * Whoever holds the session named by the request's cookies (null: anonymous or expired). Pages,
 * which no route wrapper hands a container, read the process's.
 */
export async function sessionHolderFromCookies(cookie: (name: string) => string | undefined, deps: SessionDeps = getContainer()): Promise<SessionHolder | null> {
  const token = await sessionTokenFromCookies(deps.config, cookie);
  return token ? sessionHolder(deps.db, token) : null;
}

export function staffOrThrow(holder: SessionHolder | null): StaffIdentity {
  if (!holder) throw unauthorized();
  if (holder.role === "STUDENT") throw forbidden("Only administrators and staff can use the admin console.");
  return holder;
}

/** The single check every admin API route passes through: signed in, admin or staff, same origin. */
export async function requireStaff(deps: SessionDeps, request: Request): Promise<StaffIdentity> {
  const staff = staffOrThrow(await sessionHolderFromCookies((name) => cookieValue(request, name), deps));
  assertSameOrigin(request, deps.config);
  return staff;
}
