import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { getLlama, LlamaLogLevel, type Llama, type LlamaContext, type LlamaContextSequence, type LlamaModel } from "node-llama-cpp";
import type { Settings } from "../../config.js";
import { log } from "../../log.js";
import { messageOf, SidecarError } from "../errors.js";
import { absentModelError, readChatModelFacts, type ChatModelFacts } from "./facts.js";
import { Slots } from "./slots.js";

export type ChatStatus = "absent" | "unloaded" | "loading" | "loaded" | "failed";

type Loaded = { model: LlamaModel; context: LlamaContext; free: LlamaContextSequence[] };

/** A generation slot: a context sequence, its own until release(). */
export type Lease = { model: LlamaModel; sequence: LlamaContextSequence; contextLength: number; release: () => void };

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
  private readonly slots: Slots;
  private idleTimer: NodeJS.Timeout | undefined;

  /** The GGUF file, absolute. */
  readonly file: string;

  constructor(
    private readonly settings: Settings,
    file: string,
  ) {
    this.file = path.resolve(file);
    this.slots = new Slots(settings.SIDECAR_CHAT_PARALLEL, settings.SIDECAR_CHAT_QUEUE, () => this.armIdleUnload());
  }

  /** Not loaded: "absent" until the file is there (a download renames it into place when complete). */
  get status(): ChatStatus {
    if (this.state !== "idle") return this.state;
    return existsSync(this.file) ? "unloaded" : "absent";
  }

  get activeGenerations(): number {
    return this.slots.held;
  }

  get queued(): number {
    return this.slots.queued;
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

  /** The model's facts (see readChatModelFacts), read again whenever the file changes. */
  describe(): Promise<ChatModelFacts> {
    const mtime = this.fileMtime();
    if (!this.facts || mtime !== this.factsMtime) {
      this.factsMtime = mtime;
      this.facts = readChatModelFacts(this.file, this.settings.SIDECAR_CHAT_CONTEXT);
      this.facts.catch(() => (this.facts = undefined));
    }
    return this.facts;
  }

  private fileMtime(): number {
    return existsSync(this.file) ? statSync(this.file).mtimeMs : 0;
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
    if (!existsSync(this.file)) throw absentModelError(this.file);
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
      throw new SidecarError("unavailable", this.failure, { retryAfterSeconds: 30 });
    }
  }

  /**
   * A generation slot, loading the model first if needed. Waits in the queue while all slots are
   * busy; a full queue refuses. `signal` (the client went away) leaves the queue.
   */
  async acquire(signal: AbortSignal): Promise<Lease> {
    const releaseSlot = await this.slots.take(signal);
    clearTimeout(this.idleTimer);
    let held: { sequence: LlamaContextSequence; free: LlamaContextSequence[] } | undefined;
    const release = () => {
      held?.free.push(held.sequence);
      held = undefined;
      releaseSlot();
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
      if (this.slots.idle) void this.unload("idle");
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
    while (!this.slots.idle) await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
