import { getConfig } from "@/lib/config/load";
import { metricsResponse } from "@/lib/metrics/endpoint";
import { getMetrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return metricsResponse(request, getConfig().METRICS_TOKEN, getMetrics().registry);
}
