import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { getLlama, GgufFileType, LlamaLogLevel, readGgufFileInfo, type Llama, type LlamaContext, type LlamaContextSequence, type LlamaModel } from "node-llama-cpp";
import type { Settings } from "../config.js";
import { ApiError, messageOf, retryAfter } from "../errors.js";
import { log } from "../log.js";

export type ChatStatus = "absent" | "unloaded" | "loading" | "loaded" | "failed";

/** What /info tells about the chat model, readable from its file without loading it. */
export type ChatModelFacts = {
  id: string;
  file: string;
  quantization: string;
  trainContextLength: number;
  /** Tokens of context each generation gets (SIDECAR_CHAT_CONTEXT within the trained length). */
  contextLength: number;
};

type Loaded = { model: LlamaModel; context: LlamaContext; free: LlamaContextSequence[] };

/** A generation slot: a context sequence, its own until release(). */
export type Lease = { model: LlamaModel; sequence: LlamaContextSequence; contextLength: number; release: () => void };

const MAX_DEFAULT_CONTEXT = 8192;

/**
 * Owns the chat model like a model service: loads it on first use (or at start), hands out at most
 * SIDECAR_CHAT_PARALLEL generation slots with a bounded queue behind them, and unloads it after
 * SIDECAR_CHAT_IDLE_UNLOAD_S without work, so a small installation gets its memory back.
 */
export class ChatModelHost {
  private state: "idle" | "loading" | "loaded" | "failed" = "idle";
  /** The reason the latest load failed, for /info and the error a request gets. */
  failure: string | undefined;
  private llama: Promise<Llama> | undefined;
  private loaded: Loaded | undefined;
  private loading: Promise<Loaded> | undefined;
  private facts: Promise<ChatModelFacts> | undefined;
  private factsMtime = 0;
  private active = 0;
  /** Requests waiting for a slot, first come first served: each resolves when handed one. */
  private readonly waiting: (() => void)[] = [];
  private idleTimer: NodeJS.Timeout | undefined;
  private lastGenerationMs = 0;

  /** The GGUF file, absolute. */
  readonly file: string;

  constructor(
    private readonly settings: Settings,
    file: string,
  ) {
    this.file = path.resolve(file);
  }

  /** Not loaded: "absent" until the file is there (a download renames it into place when complete). */
  get status(): ChatStatus {
    if (this.state !== "idle") return this.state;
    return existsSync(this.file) ? "unloaded" : "absent";
  }

  get activeGenerations(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Bytes the loaded model and its contexts hold (weights plus KV cache), 0 when unloaded. */
  get memoryBytes(): number {
    return this.loaded ? this.loaded.model.size + this.loaded.context.stateSize : 0;
  }

  /** "cpu", or the GPU backend llama.cpp runs on (cuda, vulkan, metal). */
  async device(): Promise<string> {
    const llama = await this.getLlama();
    return llama.gpu === false ? "cpu" : llama.gpu;
  }

  threads(): number {
    return this.loaded?.context.currentThreads ?? this.settings.SIDECAR_CHAT_THREADS;
  }

  /**
   * The model's name, quantisation and context, read from the GGUF header (cheap, no weights),
   * again whenever the file changes. Rejects when the file is missing or not a GGUF model.
   */
  describe(): Promise<ChatModelFacts> {
    const mtime = this.fileMtime();
    if (!this.facts || mtime !== this.factsMtime) {
      this.factsMtime = mtime;
      this.facts = this.readFacts();
      this.facts.catch(() => (this.facts = undefined));
    }
    return this.facts;
  }

  private fileMtime(): number {
    return existsSync(this.file) ? statSync(this.file).mtimeMs : 0;
  }

  private async readFacts(): Promise<ChatModelFacts> {
    if (!existsSync(this.file)) throw this.absentError();
    const info = await readGgufFileInfo(this.file, { readTensorInfo: false }).catch((error: unknown) => {
      throw new Error(`${this.file} is not a readable GGUF model: ${messageOf(error)}`);
    });
    const general = info.metadata.general;
    const architecture = general.architecture;
    const trained = Number((info.metadata as Record<string, Record<string, unknown> | undefined>)[architecture]?.context_length ?? 0) || MAX_DEFAULT_CONTEXT;
    const wanted = this.settings.SIDECAR_CHAT_CONTEXT || Math.min(trained, MAX_DEFAULT_CONTEXT);
    return {
      id: general.name ?? path.basename(this.file, ".gguf"),
      file: this.file,
      quantization: general.file_type === undefined ? "unknown" : (GgufFileType[general.file_type] ?? `type ${general.file_type}`).replace(/^(MOSTLY|ALL)_/, ""),
      trainContextLength: trained,
      contextLength: Math.min(wanted, trained),
    };
  }

  private absentError(): ApiError {
    return new ApiError(503, "service_unavailable_error", `no chat model at ${this.file} yet (it may still be downloading)`, null, retryAfter(5));
  }

  private getLlama(): Promise<Llama> {
    // CUDA's build comes with the package; a host without a GPU runs the CPU build without trying it.
    const gpu = this.settings.SIDECAR_EXECUTION_PROVIDERS.includes("cuda") ? ("auto" as const) : false;
    this.llama ??= getLlama({ gpu, build: "never", logLevel: LlamaLogLevel.warn, logger: (level, message) => log(level === "error" ? "error" : "warn", `llama.cpp: ${message.trim()}`) });
    return this.llama;
  }

  /** Loads the model now (SIDECAR_CHAT_LOAD=start); a failure is kept for /info and logged. */
  async preload(): Promise<void> {
    await this.ensureLoaded().catch(() => undefined);
  }

  private ensureLoaded(): Promise<Loaded> {
    if (this.loaded) return Promise.resolve(this.loaded);
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<Loaded> {
    if (!existsSync(this.file)) throw this.absentError();
    this.state = "loading";
    const started = performance.now();
    try {
      const facts = await this.describe();
      const llama = await this.getLlama();
      const model = await llama.loadModel({ modelPath: this.file });
      const context = await model
        .createContext({
          contextSize: facts.contextLength,
          sequences: this.settings.SIDECAR_CHAT_PARALLEL,
          ...(this.settings.SIDECAR_CHAT_THREADS ? { threads: this.settings.SIDECAR_CHAT_THREADS } : {}),
        })
        .catch(async (error: unknown) => {
          await model.dispose();
          throw error;
        });
      // One sequence per slot, kept across requests: each keeps the KV cache of its last prompt.
      const free = Array.from({ length: this.settings.SIDECAR_CHAT_PARALLEL }, () => context.getSequence());
      this.loaded = { model, context, free };
      this.state = "loaded";
      this.failure = undefined;
      log("info", "chat model loaded", { model: facts.id, quantization: facts.quantization, context: facts.contextLength, device: await this.device(), loadMs: Math.round(performance.now() - started) });
      this.armIdleUnload();
      return this.loaded;
    } catch (error) {
      this.state = "failed";
      this.failure = `the chat model ${this.file} could not be loaded: ${messageOf(error)}`;
      log("error", "chat model failed to load", { file: this.file, error: messageOf(error) });
      throw new ApiError(503, "service_unavailable_error", this.failure, null, retryAfter(30));
    }
  }

  /**
   * A generation slot, loading the model first if needed. Waits in the queue while all slots are
   * busy; a full queue answers 429. `signal` (the client went away) leaves the queue.
   */
  async acquire(signal: AbortSignal): Promise<Lease> {
    const { SIDECAR_CHAT_PARALLEL: parallel, SIDECAR_CHAT_QUEUE: queue } = this.settings;
    if (this.active >= parallel) {
      if (this.waiting.length >= queue) {
        const seconds = Math.max(1, Math.ceil(this.lastGenerationMs / 1000));
        throw new ApiError(429, "rate_limit_error", `the chat model is busy: ${parallel} generation(s) running and ${queue} waiting (SIDECAR_CHAT_PARALLEL, SIDECAR_CHAT_QUEUE); retry later`, null, retryAfter(seconds));
      }
      await new Promise<void>((resolve, reject) => {
        this.waiting.push(resolve);
        signal.addEventListener("abort", () => {
          const index = this.waiting.indexOf(resolve);
          if (index >= 0) this.waiting.splice(index, 1);
          // nginx's "client closed request": nobody reads it, and it is not a server error to log.
          reject(new ApiError(499, "invalid_request_error", "the client went away while waiting"));
        });
      });
    }
    this.active += 1;
    clearTimeout(this.idleTimer);
    const started = performance.now();
    let released = false;
    let held: { sequence: LlamaContextSequence; free: LlamaContextSequence[] } | undefined;
    const release = () => {
      if (released) return;
      released = true;
      held?.free.push(held.sequence);
      this.lastGenerationMs = performance.now() - started;
      this.active -= 1;
      const next = this.waiting.shift();
      if (next) next();
      else if (this.active === 0) this.armIdleUnload();
    };
    try {
      const { model, context, free } = await this.ensureLoaded();
      const sequence = free.pop();
      if (!sequence) throw new Error("no free context sequence although a slot was granted");
      held = { sequence, free };
      return { model, sequence, contextLength: context.contextSize, release };
    } catch (error) {
      release();
      throw error;
    }
  }

  private armIdleUnload(): void {
    clearTimeout(this.idleTimer);
    const seconds = this.settings.SIDECAR_CHAT_IDLE_UNLOAD_S;
    if (seconds === 0) return;
    this.idleTimer = setTimeout(() => {
      if (this.active === 0 && this.waiting.length === 0) void this.unload("idle");
    }, seconds * 1000);
    this.idleTimer.unref();
  }

  /** Frees the model's memory; the next request loads it again. */
  async unload(reason: "idle" | "shutdown"): Promise<void> {
    clearTimeout(this.idleTimer);
    const loaded = this.loaded ?? (await this.loading?.catch(() => undefined));
    this.loaded = undefined;
    if (!loaded) return;
    await loaded.context.dispose();
    await loaded.model.dispose();
    this.state = "idle";
    log("info", "chat model unloaded", { reason });
  }

  /** Resolves once no generation runs and none waits (for a graceful shutdown). */
  async drained(): Promise<void> {
    while (this.active > 0 || this.waiting.length > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
