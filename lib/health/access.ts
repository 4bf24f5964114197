import { sessionHolderFromCookies } from "@/lib/auth/guard";
import type { Config } from "@/lib/config/load";
import { cookieValue } from "@/lib/http/request";
import { bearerMatches } from "@/lib/metrics/endpoint";

/** What anyone may learn: whether the app can serve. Load balancers and uptime checks need no more. */
export type PublicHealth = { status: "ok" | "unavailable" };

/**
 * The full report names providers, versions, internal addresses and error texts, a map for an
 * attacker, so only the monitoring (METRICS_TOKEN as a bearer token) and signed-in staff read it.
 * A session that cannot be checked (the database is down) counts as anonymous: the bearer token
 * still works then.
 */
export async function mayReadHealthDetails(request: Request, config: Pick<Config, "METRICS_TOKEN" | "DATABASE_URL">): Promise<boolean> {
  if (config.METRICS_TOKEN && bearerMatches(request.headers.get("authorization"), config.METRICS_TOKEN)) return true;
  if (!config.DATABASE_URL) return false;
  const holder = await sessionHolderFromCookies((name) => cookieValue(request, name)).catch(() => null);
  return holder !== null && holder.role !== "STUDENT";
}
