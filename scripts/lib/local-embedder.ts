import { existsSync } from "node:fs";
import path from "node:path";
import type { Config } from "@/lib/config/load";
import {
  chatModelFile,
  chatPresets,
  DEFAULT_CHAT_PRESET,
  DEFAULT_PRESET,
  downloadChatModel,
  downloadModel,
  HubUnreachableError,
  isModelComplete,
  lineProgress,
  presets,
  type ChatPreset,
  type HubDownload,
  type Preset,
} from "../../gpu-sidecar/src/download/index.js";
import { localModelBaseUrl } from "@/lib/llm/local-model";
import { missingSidecarPackage, superviseSidecar, type SidecarSupervisor, type SupervisorOptions } from "./sidecar-supervisor";

export type LocalEmbedder = {
  /** The supervised sidecar, once it runs. */
  readonly sidecar: SidecarSupervisor | undefined;
  /** Settles once the local chat model's file is in place or cannot be fetched (at once when there is nothing to fetch). */
  readonly chatModel: Promise<void>;
  /** Aborts the downloads in progress (their .partial files stay for the next start) and stops the sidecar. */
  stop: () => Promise<void>;
};

export type LocalEmbedderOptions = {
  /** What to fetch into the cache when the model is missing; tests pass a fixture's manifest. */
  preset?: Preset;
  /** The chat model to fetch for LLM_PROVIDER=local. */
  chatPreset?: ChatPreset;
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
 * With LLM_PROVIDER=local the same sidecar serves the chat model (SIDECAR_CHAT_MODEL_PATH), fetched
 * into the cache after the embedding model; until it is there, answers quote the materials.
 */
export async function startLocalEmbedder(config: Config, log: (line: string) => void, options: LocalEmbedderOptions = {}): Promise<LocalEmbedder> {
  const url = config.EMBEDDINGS_URL;
  const chatPreset = options.chatPreset ?? chatPresets[DEFAULT_CHAT_PRESET];
  const chatFile = config.LLM_PROVIDER !== "local" ? undefined : (config.models.chatFile ?? chatModelFile(path.join(config.models.cache, DEFAULT_CHAT_PRESET)));
  const idle: LocalEmbedder = { sidecar: undefined, chatModel: Promise.resolve(), stop: async () => {} };
  const none = (line: string): LocalEmbedder => {
    log(line);
    if (chatFile) log(`Answers: the local model of the sidecar at ${localModelBaseUrl(config)}, which is not run here: its own SIDECAR_CHAT_MODEL_PATH names the model.`);
    return idle;
  };
  if (config.EMBEDDINGS_PROVIDER !== "sidecar") return none(`Embeddings: ${config.EMBEDDINGS_PROVIDER}${config.EMBEDDINGS_MODEL ? ` (${config.EMBEDDINGS_MODEL})` : ""}.`);
  if (!config.EMBEDDINGS_SIDECAR_AUTOSTART) return none(`Embeddings: the sidecar at ${url}, run separately (EMBEDDINGS_SIDECAR_AUTOSTART=false).`);
  if (!isThisMachine(new URL(url))) return none(`Embeddings: the sidecar at ${url}, on another host (it runs there, not here).`);
  if (await answers(url)) return none(`Embeddings: the sidecar already running at ${url}.`);
  const missing = missingSidecarPackage();
  if (missing) return none(`No embedder: the sidecar cannot run here (${missing} is not installed; npm ci installs it): ${LEXICAL}.`);

  const modelDir = config.models.dir ?? path.join(config.models.cache, DEFAULT_PRESET);
  let sidecar: SidecarSupervisor | undefined;
  let stopped = false;
  const sidecarOptions = chatFile ? { ...options.sidecar, env: { ...(options.sidecar?.env ?? process.env), SIDECAR_CHAT_MODEL_PATH: chatFile } } : options.sidecar;
  const startSidecar = () => {
    if (!stopped) sidecar = superviseSidecar({ modelDir, url, ...sidecarOptions });
  };
  const controller = new AbortController();
  const hub: HubDownload = {
    endpoint: config.HF_ENDPOINT,
    token: config.HF_TOKEN,
    signal: controller.signal,
    // Lines, not a redrawn bar: the build, the server and the worker write to the same terminal.
    progress: lineProgress(log),
    ...(options.retry ? { retry: options.retry } : {}),
  };
  const failure = (error: unknown) =>
    error instanceof HubUnreachableError ? `cannot reach ${error.endpoint}: ${error.reason}` : error instanceof Error ? error.message : String(error);
  let stopping: Promise<void> | undefined;
  const embedder = (embeddingModel: Promise<void>): LocalEmbedder => {
    // The chat model comes second: retrieval needs the embedder more than answers need their own words.
    const chatModel = chatFile ? embeddingModel.then(() => fetchChatModel(chatFile)) : Promise.resolve();
    return {
      get sidecar() {
        return sidecar;
      },
      chatModel,
      stop: () =>
        (stopping ??= (async () => {
          stopped = true;
          controller.abort();
          await Promise.all([embeddingModel, chatModel]);
          await sidecar?.stop();
        })()),
    };
  };
  const fetchChatModel = async (file: string): Promise<void> => {
    if (controller.signal.aborted || existsSync(file) || chatNotDownloaded(config)) return;
    await downloadChatModel({ ...hub, preset: chatPreset, file }).then(
      () => log(`Chat model ready in ${file}; the sidecar loads it on the first question.`),
      (error: unknown) => {
        if (controller.signal.aborted) return log("Chat model download stopped; the next start resumes it.");
        log(`No local chat model yet and cannot download it (${failure(error)}): answers quote the materials meanwhile.`);
      },
    );
  };
  if (chatFile) log(describeLocalChat(chatFile, chatPreset, config));

  if (isModelComplete(modelDir)) {
    log(`Embeddings: the sidecar at ${url}, started here on the model in ${modelDir}.`);
    startSidecar();
    return embedder(Promise.resolve());
  }
  if (config.models.dir !== undefined || !config.EMBEDDINGS_MODEL_DOWNLOAD) {
    const why = config.models.dir !== undefined ? "EMBEDDINGS_MODEL_PATH names it" : "EMBEDDINGS_MODEL_DOWNLOAD=false";
    log(`No embedding model in ${modelDir} (no sidecar.json) and it is not downloaded (${why}): ${LEXICAL}.`);
    return idle;
  }

  const preset = options.preset ?? presets[DEFAULT_PRESET];
  log(`Embeddings: the sidecar at ${url}, started here once ${preset.manifest.id} is downloaded into ${modelDir}; until then answers come from the lexical index.`);
  const download = downloadModel({ ...hub, preset, dir: modelDir }).then(
    () => {
      log(`Model ready in ${modelDir}; starting the sidecar.`);
      startSidecar();
    },
    (error: unknown) => {
      if (controller.signal.aborted) return log("Model download stopped; the next start resumes it.");
      log(`No embedding model yet and cannot download it (${failure(error)}): ${LEXICAL}.`);
    },
  );
  return embedder(download);
}

/** Why a missing chat model is not fetched, or undefined when it is. */
function chatNotDownloaded(config: Config): string | undefined {
  if (config.models.chatFile !== undefined) return "LOCAL_LLM_MODEL_PATH names it";
  return config.LOCAL_LLM_DOWNLOAD ? undefined : "LOCAL_LLM_DOWNLOAD=false";
}

/** The line that says which model answers, for LLM_PROVIDER=local with the sidecar run here. */
function describeLocalChat(file: string, preset: ChatPreset, config: Config): string {
  if (existsSync(file)) return `Answers: the local model in ${file}, served by the sidecar.`;
  const why = chatNotDownloaded(config);
  if (why) return `Answers: no local model in ${file} and it is not downloaded (${why}); answers quote the materials.`;
  return `Answers: the local model ${preset.label}, downloaded into ${file} after the embedding model; answers quote the materials until it is there.`;
}
