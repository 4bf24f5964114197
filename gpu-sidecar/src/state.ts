import type { Batcher } from "./batcher.js";
import type { ChatModelHost } from "./chat/host.js";
import type { ChatMetrics } from "./chat/metrics.js";
import type { Settings } from "./config.js";
import type { Metrics } from "./metrics.js";
import type { LoadedModel } from "./model/load.js";

/** One input on its way to a batch. */
export type Job = { ids: number[]; /** Set only by the test fault hook (SIDECAR_TEST_FAULT_MARKER). */ faulty: boolean };

export type Phase = "loading" | "ready" | "draining" | "failed";

/** What the HTTP layer shares with the lifecycle in main.ts. */
export type Sidecar = {
  settings: Settings;
  metrics: Metrics;
  phase: Phase;
  /** Set once the model is loaded and warmed up. */
  engine: { model: LoadedModel; batcher: Batcher<Job> } | undefined;
  /** Embedding requests admitted and not yet answered; bounded by SIDECAR_MAX_CONCURRENT_REQUESTS. */
  inflight: number;
  /** Of those, the ones still reading their body or tokenising: the batcher waits for them. */
  arriving: number;
  /** The chat model service, when SIDECAR_CHAT_MODEL_PATH names a model. */
  chat: { host: ChatModelHost; metrics: ChatMetrics } | undefined;
};
