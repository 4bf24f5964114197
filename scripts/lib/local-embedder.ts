import path from "node:path";
import type { Config } from "@/lib/config/load";
import {
  DEFAULT_PRESET,
  downloadModel,
  HubUnreachableError,
  isModelComplete,
  lineProgress,
  presets,
  type Preset,
} from "../../gpu-sidecar/src/download/index.js";
import { missingSidecarPackage, superviseSidecar, type SidecarSupervisor, type SupervisorOptions } from "./sidecar-supervisor";

export type LocalEmbedder = {
  /** The supervised sidecar, once it runs. */
  readonly sidecar: SidecarSupervisor | undefined;
  /** Aborts a download in progress (its .partial files stay for the next start) and stops the sidecar. */
  stop: () => Promise<void>;
};

export type LocalEmbedderOptions = {
  /** What to fetch into the cache when the model is missing; tests pass a fixture's manifest. */
  preset?: Preset;
  sidecar?: Pick<SupervisorOptions, "env" | "log" | "restartDelayMs">;
  /** Download retries; tests make them quick. */
  retry?: { attempts: number; delayMs: number };
};

const LEXICAL = "answering from the lexical index until one is available";

function isThisMachine(url: URL): boolean {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return url.protocol === "http:" && (host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host));
}

async function answers(url: string): Promise<boolean> {
  return fetch(new URL("/health", url), { signal: AbortSignal.timeout(1500) }).then(
    async (response) => (await response.body?.cancel(), true),
    () => false,
  );
}

/**
 * The embedder for `npm run demo` and `npm start`: with EMBEDDINGS_PROVIDER=sidecar and
 * EMBEDDINGS_URL on this machine, runs the sidecar itself, first downloading the default model into
 * the cache if it is missing. The download runs in the background: the app starts meanwhile and
 * answers from the lexical index until the sidecar is up. Says in one line which embedder is used.
 */
export async function startLocalEmbedder(config: Config, log: (line: string) => void, options: LocalEmbedderOptions = {}): Promise<LocalEmbedder> {
  const none: LocalEmbedder = { sidecar: undefined, stop: async () => {} };
  const url = config.EMBEDDINGS_URL;
  if (config.EMBEDDINGS_PROVIDER !== "sidecar") {
    log(`Embeddings: ${config.EMBEDDINGS_PROVIDER}${config.EMBEDDINGS_MODEL ? ` (${config.EMBEDDINGS_MODEL})` : ""}.`);
    return none;
  }
  if (!config.EMBEDDINGS_SIDECAR_AUTOSTART) {
    log(`Embeddings: the sidecar at ${url}, run separately (EMBEDDINGS_SIDECAR_AUTOSTART=false).`);
    return none;
  }
  if (!isThisMachine(new URL(url))) {
    log(`Embeddings: the sidecar at ${url}, on another host (it runs there, not here).`);
    return none;
  }
  if (await answers(url)) {
    log(`Embeddings: the sidecar already running at ${url}.`);
    return none;
  }
  const missing = missingSidecarPackage();
  if (missing) {
    log(`No embedder: the sidecar cannot run here (${missing} is not installed; npm ci installs it): ${LEXICAL}.`);
    return none;
  }

  const modelDir = config.models.dir ?? path.join(config.models.cache, DEFAULT_PRESET);
  let sidecar: SidecarSupervisor | undefined;
  let stopped = false;
  const startSidecar = () => {
    if (!stopped) sidecar = superviseSidecar({ modelDir, url, ...options.sidecar });
  };
  let stopping: Promise<void> | undefined;
  const embedder = (stopDownload: () => Promise<void>): LocalEmbedder => ({
    get sidecar() {
      return sidecar;
    },
    stop: () =>
      (stopping ??= (async () => {
        stopped = true;
        await stopDownload();
        await sidecar?.stop();
      })()),
  });

  if (isModelComplete(modelDir)) {
    log(`Embeddings: the sidecar at ${url}, started here on the model in ${modelDir}.`);
    startSidecar();
    return embedder(async () => {});
  }
  if (config.models.dir !== undefined || !config.EMBEDDINGS_MODEL_DOWNLOAD) {
    const why = config.models.dir !== undefined ? "EMBEDDINGS_MODEL_PATH names it" : "EMBEDDINGS_MODEL_DOWNLOAD=false";
    log(`No embedding model in ${modelDir} (no sidecar.json) and it is not downloaded (${why}): ${LEXICAL}.`);
    return none;
  }

  const preset = options.preset ?? presets[DEFAULT_PRESET];
  log(`Embeddings: the sidecar at ${url}, started here once ${preset.manifest.id} is downloaded into ${modelDir}; until then answers come from the lexical index.`);
  const controller = new AbortController();
  const download = downloadModel({
    preset,
    dir: modelDir,
    endpoint: config.HF_ENDPOINT,
    token: config.HF_TOKEN,
    signal: controller.signal,
    // Lines, not a redrawn bar: the build, the server and the worker write to the same terminal.
    progress: lineProgress(log),
    ...(options.retry ? { retry: options.retry } : {}),
  }).then(
    () => {
      log(`Model ready in ${modelDir}; starting the sidecar.`);
      startSidecar();
    },
    (error: unknown) => {
      if (controller.signal.aborted) return log("Model download stopped; the next start resumes it.");
      const reason = error instanceof HubUnreachableError ? `cannot reach ${error.endpoint}: ${error.reason}` : error instanceof Error ? error.message : String(error);
      log(`No embedding model yet and cannot download it (${reason}): ${LEXICAL}.`);
    },
  );
  return embedder(async () => {
    controller.abort();
    await download;
  });
}
