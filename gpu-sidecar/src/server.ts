import { createServer, type Server } from "node:http";
import { Batcher } from "./batcher.js";
import { recordBatch } from "./metrics.js";
import { dispatch } from "./http/routes.js";
import type { LoadedModel } from "./model/load.js";
import type { Job, Sidecar } from "./state.js";

export function createHttpServer(sidecar: Sidecar): Server {
  const server = createServer((request, response) => void dispatch(sidecar, request, response));
  // Longer than common load balancer idle timeouts, so they close idle connections first.
  server.keepAliveTimeout = 65_000;
  return server;
}

/** Puts a loaded model behind a batcher; from here on the server answers embedding requests. */
export function startServing(sidecar: Sidecar, model: LoadedModel): void {
  const { settings, metrics } = sidecar;
  const runBatch = (jobs: Job[]) => {
    if (jobs.some((job) => job.faulty)) throw new Error("fault injected by SIDECAR_TEST_FAULT_MARKER");
    return model.encoder.encode(jobs.map((job) => job.ids));
  };
  const batcher = new Batcher<Job>(
    async (jobs) => runBatch(jobs),
    { maxBatchTokens: settings.SIDECAR_MAX_BATCH_TOKENS, maxBatchSize: settings.SIDECAR_MAX_BATCH_SIZE, maxWaitMs: settings.SIDECAR_MAX_WAIT_MS },
    { arriving: () => sidecar.arriving, onBatch: (report) => recordBatch(metrics, report) },
  );
  sidecar.engine = { model, batcher };
  sidecar.phase = "ready";
}
