import { healthResponse } from "@/lib/health/endpoint";
import { getContainer } from "@/lib/server/container";

export const dynamic = "force-dynamic";

/**
 * GET /api/health: up or down for anyone, every component's state for staff and monitoring. Not
 * a public route: monitoring gets it as it always did, neither metered nor turned into a JSON error.
 */
export function GET(request: Request): Promise<Response> {
  return healthResponse(getContainer(), request);
}
