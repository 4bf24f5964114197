import path from "node:path";
import { log } from "../log.js";
import { Batcher } from "./embedding/batcher.js";
import type { Job } from "./embedding/inputs.js";
import type { EmbeddingModel, LoadEmbeddingModel } from "./embedding/load.js";
import { recordBatch } from "./embedding/metrics.js";
import { messageOf } from "./errors.js";
import type { Sidecar } from "./sidecar.js";

/** Puts a loaded model behind a batcher; from here on the sidecar answers embedding requests. */
function startServing(sidecar: Sidecar, model: EmbeddingModel): void {
  const { settings, metrics } = sidecar;
  const batcher = new Batcher<Job>(
    async (jobs) => model.encoder.encode(jobs.map((job) => job.ids)),
    { maxBatchTokens: settings.SIDECAR_MAX_BATCH_TOKENS, maxBatchSize: settings.SIDECAR_MAX_BATCH_SIZE, maxWaitMs: settings.SIDECAR_MAX_WAIT_MS },
    { arriving: () => sidecar.arriving, onBatch: (report) => recordBatch(metrics, report) },
  );
  sidecar.engine = { model, batcher };
  sidecar.phase = "ready";
}

/** Loads the embedding model (SIDECAR_MODEL_DIR) with `load` and serves it once warmed up. */
export async function serveEmbeddings(sidecar: Sidecar, load: LoadEmbeddingModel): Promise<void> {
  const modelDir = path.resolve(sidecar.settings.SIDECAR_MODEL_DIR);
  const loadStart = performance.now();
  await load(modelDir, sidecar.settings).then(
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
}

/** Resolves once queued inputs are embedded, generations have ended, the chat model is unloaded and no request is in flight. */
export async function drain(sidecar: Sidecar): Promise<void> {
  await sidecar.engine?.batcher.drained();
  await sidecar.chat?.host.drained();
  await sidecar.chat?.host.unload("shutdown");
  while (sidecar.inflight > 0) await new Promise((resolve) => setTimeout(resolve, 10));
}
