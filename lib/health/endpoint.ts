import "server-only";
import type { Container } from "@/lib/server/container";
import { mayReadHealthDetails, type PublicHealth } from "./access";
import { checkHealth, checkServing } from "./check-health";

/** Up or down for anyone (503 when the app cannot serve), every component's state for staff and monitoring. */
export async function healthResponse(container: Pick<Container, "config" | "db">, request: Request): Promise<Response> {
  const { config } = container;
  const db = config.DATABASE_URL ? container.db : undefined;
  const headers = { "cache-control": "no-store", vary: "authorization, cookie" };
  if (!(await mayReadHealthDetails(container, request))) {
    const status = await checkServing(config, db);
    return Response.json({ status } satisfies PublicHealth, { status: status === "unavailable" ? 503 : 200, headers });
  }
  const report = await checkHealth(config, db);
  return Response.json(report, { status: report.status === "unavailable" ? 503 : 200, headers });
}
