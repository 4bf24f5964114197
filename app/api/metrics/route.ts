import { metricsResponse } from "@/lib/metrics/endpoint";
import { getContainer } from "@/lib/server/container";

export const dynamic = "force-dynamic";

// Not a public route: a scrape would count itself into the requests it reports.
export function GET(request: Request): Promise<Response> {
  const { config, metrics } = getContainer();
  return metricsResponse(request, config.METRICS_TOKEN, metrics.registry);
}
