import path from "node:path";
import type { AddressInfo } from "node:net";
import { ChatModelHost } from "./chat/host.js";
import { registerChatMetrics } from "./chat/metrics.js";
import { parseSettings } from "./config.js";
import { messageOf } from "./errors.js";
import { log } from "./log.js";
import { createMetrics } from "./metrics.js";
import { loadModel } from "./model/load.js";
import { createHttpServer, startServing } from "./server.js";
import type { Sidecar } from "./state.js";

const settings = parseSettings(process.env);
const metrics = createMetrics();
const chatHost = settings.SIDECAR_CHAT_MODEL_PATH ? new ChatModelHost(settings, settings.SIDECAR_CHAT_MODEL_PATH) : undefined;
const chat = chatHost ? { host: chatHost, metrics: registerChatMetrics(metrics.registry, chatHost) } : undefined;
const sidecar: Sidecar = { settings, metrics, phase: "loading", engine: undefined, inflight: 0, arriving: 0, chat };
const server = createHttpServer(sidecar);

// Listen before loading, so orchestrators see a live process whose /health says 503 until ready.
server.listen(settings.SIDECAR_PORT, settings.SIDECAR_HOST, () => {
  const { address, port } = server.address() as AddressInfo;
  log("info", "listening", { host: address, port });
});

if (chatHost && settings.SIDECAR_CHAT_LOAD === "start") void chatHost.preload();

const modelDir = path.resolve(settings.SIDECAR_MODEL_DIR);
const loadStart = performance.now();
loadModel(modelDir, settings).then(
  (model) => {
    startServing(sidecar, model);
    const { id, dimension, maxTokens } = model.manifest;
    log("info", "ready", { model: id, dimension, maxTokens, provider: model.provider, loadMs: Math.round(performance.now() - loadStart) });
  },
  (error: unknown) => {
    // Stay up with /health at 503 and the reason in the log, rather than crash-looping.
    sidecar.phase = "failed";
    log("error", "model failed to load", { modelDir, error: messageOf(error) });
  },
);

async function shutdown(signal: string): Promise<void> {
  if (sidecar.phase === "draining") return;
  log("info", "shutting down: finishing queued work", { signal, inflight: sidecar.inflight });
  sidecar.phase = "draining";
  // No new connections from here; close() also drops the keep-alive connections idle right now.
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, settings.SIDECAR_SHUTDOWN_TIMEOUT_MS).unref());
  const finished = (async () => {
    await sidecar.engine?.batcher.drained();
    await chatHost?.drained();
    await chatHost?.unload("shutdown");
    while (sidecar.inflight > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    // Connections that answered their last request meanwhile are idle now; they would otherwise hold close() for the keep-alive timeout.
    server.closeIdleConnections();
    await closed;
  })();
  const outcome = await Promise.race([finished.then(() => "drained" as const), timeout.then(() => "timeout" as const)]);
  log(outcome === "drained" ? "info" : "warn", outcome === "drained" ? "stopped" : "stopped before queued work finished (SIDECAR_SHUTDOWN_TIMEOUT_MS)");
  process.exit(outcome === "drained" ? 0 : 1);
}

process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
