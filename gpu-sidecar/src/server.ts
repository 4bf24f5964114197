import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { collectDefaultMetrics, Registry } from "prom-client";
import type { Settings } from "./config.js";
import { drain, serveEmbeddings } from "./core/lifecycle.js";
import type { SidecarParts } from "./core/parts.js";
import { createSidecar, type Sidecar } from "./core/sidecar.js";
import { registerHttpMetrics } from "./http/metrics.js";
import { dispatch } from "./http/router.js";
import { log } from "./log.js";

/** Finishes queued work, then exits: 0 when all of it finished, 1 when SIDECAR_SHUTDOWN_TIMEOUT_MS cut it short. */
async function shutdown(server: Server, sidecar: Sidecar, signal: string): Promise<void> {
  if (sidecar.phase === "draining") return;
  log("info", "shutting down: finishing queued work", { signal, inflight: sidecar.inflight });
  sidecar.phase = "draining";
  // No new connections from here; close() also drops the keep-alive connections idle right now.
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, sidecar.settings.SIDECAR_SHUTDOWN_TIMEOUT_MS).unref());
  const finished = (async () => {
    await drain(sidecar);
    // Connections that answered their last request meanwhile are idle now; they would otherwise hold close() for the keep-alive timeout.
    server.closeIdleConnections();
    await closed;
  })();
  const outcome = await Promise.race([finished.then(() => "drained" as const), timeout.then(() => "timeout" as const)]);
  log(outcome === "drained" ? "info" : "warn", outcome === "drained" ? "stopped" : "stopped before queued work finished (SIDECAR_SHUTDOWN_TIMEOUT_MS)");
  process.exit(outcome === "drained" ? 0 : 1);
}

/**
 * Runs the sidecar in this process: the core, built from `parts`, behind the HTTP layer. It listens
 * at once, loads its models, and stops gracefully on SIGTERM or SIGINT.
 */
export function runSidecar(settings: Settings, parts: SidecarParts): void {
  // Prometheus metrics on a registry of their own, so tests and embedders never share global state.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "sidecar_" });
  const metrics = registerHttpMetrics(registry);
  const sidecar = createSidecar(settings, registry, parts.evaluate);
  const server = createServer((request, response) => void dispatch({ sidecar, metrics }, request, response));
  // Longer than common load balancer idle timeouts, so they close idle connections first.
  server.keepAliveTimeout = 65_000;

  // Listen before loading, so orchestrators see a live process whose /health says 503 until ready.
  server.listen(settings.SIDECAR_PORT, settings.SIDECAR_HOST, () => {
    const { address, port } = server.address() as AddressInfo;
    log("info", "listening", { host: address, port });
  });
  if (sidecar.chat && settings.SIDECAR_CHAT_LOAD === "start") void sidecar.chat.host.preload();
  void serveEmbeddings(sidecar, parts.loadEmbeddingModel);

  process.on("SIGTERM", () => void shutdown(server, sidecar, "SIGTERM"));
  process.on("SIGINT", () => void shutdown(server, sidecar, "SIGINT"));
}
