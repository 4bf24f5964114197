import "server-only";
import { sessionHolderFromCookies } from "@/lib/auth/guard";
import { cookieValue } from "@/lib/http/request";
import { bearerMatches } from "@/lib/metrics/endpoint";
import type { Container } from "@/lib/server/container";

/** What anyone may learn: whether the app can serve. Load balancers and uptime checks need no more. */
export type PublicHealth = { status: "ok" | "unavailable" };

/**
 * The full report names providers, versions, internal addresses and error texts, a map for an
 * attacker, so only the monitoring (METRICS_TOKEN as a bearer token) and signed-in staff read it.
 * A session that cannot be checked (the database is down) counts as anonymous: the bearer token
 * still works then.
 */
export async function mayReadHealthDetails(deps: Pick<Container, "config" | "db">, request: Request): Promise<boolean> {
  const { config } = deps;
  if (config.METRICS_TOKEN && bearerMatches(request.headers.get("authorization"), config.METRICS_TOKEN)) return true;
  if (!config.DATABASE_URL) return false;
  const holder = await sessionHolderFromCookies((name) => cookieValue(request, name), deps).catch(() => null);
  return holder !== null && holder.role !== "STUDENT";
}
