import type { IncomingMessage, ServerResponse } from "node:http";
import { Counter, Histogram, type Registry } from "prom-client";
import { secondsBuckets } from "../core/embedding/metrics.js";
import type { HttpContext } from "./context.js";
import { sendText } from "./respond.js";

export type HttpMetrics = ReturnType<typeof registerHttpMetrics>;

/** Requests and error responses, on the sidecar's registry (which /metrics serves). */
export function registerHttpMetrics(registry: Registry) {
  const registers = [registry];
  return {
    registry,
    requests: new Counter({ name: "sidecar_requests_total", help: "HTTP requests by route and status code", labelNames: ["route", "status"], registers }),
    errors: new Counter({ name: "sidecar_errors_total", help: "Error responses by error type", labelNames: ["type"], registers }),
    requestDuration: new Histogram({ name: "sidecar_request_duration_seconds", help: "Embedding request time, end to end", buckets: secondsBuckets, registers }),
  };
}

/** GET /metrics: the registry in Prometheus' text format. */
export async function serveMetrics({ metrics }: HttpContext, _request: IncomingMessage, response: ServerResponse): Promise<void> {
  sendText(response, 200, await metrics.registry.metrics(), metrics.registry.contentType);
}
