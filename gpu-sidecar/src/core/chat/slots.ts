import { SidecarError } from "../errors.js";

/**
 * Generation slots: at most `parallel` held at once and `queue` requests waiting for one, first come
 * first served; beyond them a request is refused and told to retry after about one generation.
 */
export class Slots {
  private active = 0;
  /** Requests waiting for a slot: each resolves when handed one. */
  private readonly waiting: (() => void)[] = [];
  private lastHoldMs = 0;

  constructor(
    private readonly parallel: number,
    private readonly queue: number,
    /** Called when the last slot is given back and nobody waits. */
    private readonly onIdle: () => void,
  ) {}

  get held(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  get idle(): boolean {
    return this.active === 0 && this.waiting.length === 0;
  }

  /** Waits for a slot; `signal` (the client went away) leaves the queue. Resolves to the slot's release. */
  async take(signal: AbortSignal): Promise<() => void> {
    if (this.active >= this.parallel) {
      if (this.waiting.length >= this.queue) {
        const seconds = Math.max(1, Math.ceil(this.lastHoldMs / 1000));
        const message = `the chat model is busy: ${this.parallel} generation(s) running and ${this.queue} waiting (SIDECAR_CHAT_PARALLEL, SIDECAR_CHAT_QUEUE); retry later`;
        throw new SidecarError("overloaded", message, { retryAfterSeconds: seconds });
      }
      await new Promise<void>((resolve, reject) => {
        this.waiting.push(resolve);
        signal.addEventListener("abort", () => {
          const index = this.waiting.indexOf(resolve);
          if (index >= 0) this.waiting.splice(index, 1);
          reject(new SidecarError("cancelled", "the client went away while waiting"));
        });
      });
    }
    this.active += 1;
    const started = performance.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.lastHoldMs = performance.now() - started;
      this.active -= 1;
      const next = this.waiting.shift();
      if (next) next();
      else if (this.active === 0) this.onIdle();
    };
  }
}
