import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import type { Registry } from "prom-client";
import { jsonError } from "@/lib/http/errors";

// Hashing first gives equal-length buffers, so the comparison takes the same time whatever was sent.
const digest = (value: string) => createHash("sha256").update(value).digest();

export function bearerMatches(header: string | null, token: string): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return match !== null && timingSafeEqual(digest(match[1]), digest(token));
}

/**
 * The Prometheus scrape: 404 while no METRICS_TOKEN is configured (the endpoint is off), 401 without
 * the right bearer token, else the registry in Prometheus text format. The compose monitoring
 * profile's Prometheus sends the token from a credentials file (monitoring/prometheus/prometheus.yml).
 */
export async function metricsResponse(request: Request, token: string | undefined, registry: Registry): Promise<Response> {
  if (!token) return jsonError(404, "not_found", "Metrics are off: set METRICS_TOKEN to enable them.");
  if (!bearerMatches(request.headers.get("authorization"), token)) {
    return jsonError(401, "unauthorized", "Send Authorization: Bearer <METRICS_TOKEN>.", { headers: { "www-authenticate": 'Bearer realm="metrics"' } });
  }
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
}
