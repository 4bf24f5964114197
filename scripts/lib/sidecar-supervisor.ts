import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { exitCodeOf } from "./next-app";

const SIDECAR_DIR = path.resolve(import.meta.dirname, "../../gpu-sidecar");

export type SupervisorOptions = {
  /** The model directory (SIDECAR_MODEL_DIR). */
  modelDir: string;
  /** Where the app expects the sidecar (EMBEDDINGS_URL): its host and port are where it listens. */
  url: string;
  /** The environment the sidecar inherits (its own SIDECAR_* settings included). */
  env?: NodeJS.ProcessEnv;
  /** Receives one line per thing worth telling, already prefixed with [sidecar]. */
  log?: (line: string) => void;
  /** Wait before the first restart (default 1 s); doubled for each further one that follows a failed start. */
  restartDelayMs?: number;
};

const MAX_RESTART_DELAY_MS = 30_000;
/** Starts in a row that never became ready (a port taken, a broken install) before it stops trying. */
const MAX_FAILED_STARTS = 5;
/** How long stop() waits after SIGTERM (the sidecar finishes queued work) before SIGKILL. */
const STOP_TIMEOUT_MS = 10_000;

export type SidecarSupervisor = {
  /** The running process's id, if one runs. */
  readonly pid: number | undefined;
  /** Resolves once GET /health answers 200; rejects if the model fails to load or supervision ends first. */
  ready: (timeoutMs?: number) => Promise<void>;
  /** SIGTERM, SIGKILL if it is still there 10 s later; no restart after this. */
  stop: () => Promise<void>;
};

/**
 * The package the sidecar needs that is not installed, if any: the app's Docker image installs
 * without the workspace, and a sidecar that cannot start is better said once than crash-looped.
 */
export function missingSidecarPackage(): string | undefined {
  const require = createRequire(path.join(SIDECAR_DIR, "package.json"));
  return ["tsx", "onnxruntime-node", "@huggingface/tokenizers"].find((name) => {
    try {
      require.resolve(name);
      return false;
    } catch {
      return true;
    }
  });
}

/** Bind address and port for the sidecar from the URL the app calls it at. */
function listenAddress(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname.replace(/^\[(.*)\]$/, "$1"), port: Number(parsed.port || (parsed.protocol === "https:" ? 443 : 80)) };
}

const logLineSchema = z.looseObject({ level: z.enum(["info", "warn", "error"]), message: z.string() });

/**
 * The sidecar logs a JSON object per line for log collectors; a terminal wants a few words, and
 * only when something happens: it listens, it is ready, or it went wrong.
 */
function compactLogLine(line: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return line;
  }
  const entry = logLineSchema.safeParse(parsed);
  if (!entry.success) return line;
  const { level, message, ...fields } = entry.data;
  if (message === "listening") return `listening on ${String(fields.host)}:${String(fields.port)}`;
  if (message === "ready") {
    const seconds = (Number(fields.loadMs) / 1000).toFixed(1);
    return `ready: ${String(fields.model)}, ${String(fields.dimension)} dimensions, on ${String(fields.provider)}, loaded in ${seconds} s`;
  }
  if (message === "chat model loaded") {
    const seconds = (Number(fields.loadMs) / 1000).toFixed(1);
    return `chat model loaded: ${String(fields.model)} (${String(fields.quantization)}), ${String(fields.context)} tokens of context, on ${String(fields.device)}, in ${seconds} s`;
  }
  if (level === "info") return undefined;
  const detail = fields.error ?? fields.cause;
  return `${level}: ${message}${level === "error" && typeof detail === "string" ? ` (${detail})` : ""}`;
}

/**
 * Runs the embedding sidecar (gpu-sidecar/src/main.ts) as a child process for the demo and
 * `npm start`, restarting it with backoff when it dies, until stop().
 */
export function superviseSidecar(options: SupervisorOptions): SidecarSupervisor {
  const { host, port } = listenAddress(options.url);
  const healthUrl = new URL("/health", options.url).href;
  const log = (line: string) => (options.log ?? console.log)(`[sidecar] ${line}`);
  const restartDelayMs = options.restartDelayMs ?? 1000;

  let child: ChildProcess | undefined;
  let stopping: Promise<void> | undefined;
  let failedStarts = 0;
  let state: "starting" | "ready" | "failed" | "ended" = "starting";
  const waiters = new Set<{ resolve: () => void; reject: (error: Error) => void }>();
  const settle = (next: typeof state, error?: Error) => {
    state = next;
    for (const waiter of waiters) {
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
    waiters.clear();
  };
  const stopped = new AbortController();

  /** Polls /health until 200 (ready) or a 503 that says the model failed; gives up when the process goes. */
  const watchHealth = async (sidecar: ChildProcess) => {
    while (sidecar.exitCode === null && sidecar.signalCode === null && !stopping) {
      const status = await fetch(healthUrl, { signal: AbortSignal.timeout(2000) }).then(
        async (response) => (response.status === 200 ? "ready" : ((await response.json().catch(() => ({}))) as { status?: string }).status),
        () => undefined,
      );
      if (status === "ready") {
        failedStarts = 0;
        return settle("ready");
      }
      // It stays up with /health at 503 and says why in its log; restarting would not help.
      if (status === "failed") return settle("failed", new Error("the embedding model failed to load (see the [sidecar] error above)"));
      await sleep(250, undefined, { signal: stopped.signal }).catch(() => undefined);
    }
  };

  const start = () => {
    state = "starting";
    const sidecar = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: SIDECAR_DIR,
      env: { ...(options.env ?? process.env), SIDECAR_MODEL_DIR: path.resolve(options.modelDir), SIDECAR_HOST: host, SIDECAR_PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = sidecar;
    createInterface({ input: sidecar.stdout! }).on("line", (line) => {
      const compact = compactLogLine(line);
      if (compact !== undefined) log(compact);
    });
    createInterface({ input: sidecar.stderr! }).on("line", (line) => line.trim() !== "" && log(line));
    sidecar.once("error", (error) => log(`could not start: ${error.message}`));
    void watchHealth(sidecar);
    void exitCodeOf(sidecar).then(() => {
      if (stopping) return;
      const wasReady = state === "ready";
      failedStarts = wasReady ? 0 : failedStarts + 1;
      const how = sidecar.signalCode ? `on ${sidecar.signalCode}` : `with code ${sidecar.exitCode}`;
      if (failedStarts >= MAX_FAILED_STARTS) {
        log(`exited ${how}; it failed to start ${failedStarts} times in a row, so it stays off`);
        return settle("ended", new Error("the sidecar kept failing to start"));
      }
      const delay = Math.min(restartDelayMs * 2 ** Math.max(failedStarts - 1, 0), MAX_RESTART_DELAY_MS);
      log(`exited ${how}; restarting in ${delay / 1000} s`);
      state = "starting";
      // A Ctrl-C reaches the sidecar too (same process group); stop() arrives during this wait.
      void sleep(delay, undefined, { signal: stopped.signal }).then(start, () => undefined);
    });
  };

  const terminate = async () => {
    stopped.abort();
    settle("ended", new Error("the sidecar was stopped"));
    const current = child;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    current.kill("SIGTERM");
    const killer = setTimeout(() => current.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exitCodeOf(current);
    clearTimeout(killer);
  };

  start();
  return {
    get pid() {
      return child?.exitCode === null && child.signalCode === null ? child.pid : undefined;
    },
    ready: (timeoutMs = 60_000) => {
      if (state === "ready") return Promise.resolve();
      if (state === "failed" || state === "ended") return Promise.reject(new Error(`the sidecar is ${state === "failed" ? "up without a model" : "off"}`));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`the sidecar was not ready within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        const waiter = {
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
          reject: (error: Error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        waiters.add(waiter);
      });
    },
    stop: () => (stopping ??= terminate()),
  };
}
