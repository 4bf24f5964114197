import type { Registry } from "prom-client";
import type { Settings } from "../config.js";
import type { Evaluate } from "./chat/evaluate.js";
import { ChatModelHost } from "./chat/host.js";
import { registerChatMetrics } from "./chat/metrics.js";
import { ChatService } from "./chat/service.js";
import type { Batcher } from "./embedding/batcher.js";
import type { Job } from "./embedding/inputs.js";
import type { EmbeddingModel } from "./embedding/load.js";
import { registerEmbeddingMetrics, type EmbeddingMetrics } from "./embedding/metrics.js";
import { SidecarError } from "./errors.js";

export type Phase = "loading" | "ready" | "draining" | "failed";

export type Engine = { model: EmbeddingModel; batcher: Batcher<Job> };

/** What the HTTP layer shares with the lifecycle in server.ts. */
export type Sidecar = {
  settings: Settings;
  metrics: EmbeddingMetrics;
  phase: Phase;
  /** Set once the model is loaded and warmed up. */
  engine: Engine | undefined;
  /** Embedding requests admitted and not yet answered; bounded by SIDECAR_MAX_CONCURRENT_REQUESTS. */
  inflight: number;
  /** Of those, the ones still reading their body or tokenising: the batcher waits for them. */
  arriving: number;
  /** The chat model service, when SIDECAR_CHAT_MODEL_PATH names a model. */
  chat: ChatService | undefined;
};

/** A sidecar still loading its embedding model, with its metrics on `registry`; `evaluate` runs the chat model. */
export function createSidecar(settings: Settings, registry: Registry, evaluate: Evaluate): Sidecar {
  const metrics = registerEmbeddingMetrics(registry);
  const host = settings.SIDECAR_CHAT_MODEL_PATH ? new ChatModelHost(settings, settings.SIDECAR_CHAT_MODEL_PATH) : undefined;
  const chat = host && new ChatService(host, registerChatMetrics(registry, host), evaluate);
  return { settings, metrics, phase: "loading", engine: undefined, inflight: 0, arriving: 0, chat };
}

/** Once shutdown has begun no new generation starts; those running may finish. */
export function refuseIfDraining(sidecar: Sidecar): void {
  if (sidecar.phase === "draining") throw new SidecarError("unavailable", "the server is shutting down", { retryAfterSeconds: 1 });
}
