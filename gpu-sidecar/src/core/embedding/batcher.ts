export type BatchLimits = {
  /** Padded tokens per batch: inputs × longest input. */
  maxBatchTokens: number;
  maxBatchSize: number;
  /** How long a queued input may wait for company while more requests are still arriving. */
  maxWaitMs: number;
};

export type BatchReport = { size: number; tokens: number; paddedTokens: number; inferenceMs: number; queueWaitsMs: number[] };

export type BatchHooks = {
  /** Requests admitted but not yet submitted (body still arriving, or tokenising). */
  arriving: () => number;
  onBatch: (report: BatchReport) => void;
};

/** What a request gets back: its vectors in input order and where its time went. */
export type Completion = { vectors: Float32Array[]; queueMs: number; inferenceMs: number };

/**
 * Lengths one batch may span: every row is padded to the longest, so mixing a 20-token query with a
 * 256-token passage would run the query at 13× its cost. Small absolute spreads stay allowed because
 * per-run overhead dominates for short inputs.
 */
const MAX_LENGTH_SPREAD_TOKENS = 16;
const MAX_LENGTH_SPREAD_RATIO = 0.5;

type Ticket = {
  vectors: Float32Array[];
  remaining: number;
  queueMs: number;
  inferenceMs: number;
  failed: boolean;
  resolve: (completion: Completion) => void;
  reject: (error: unknown) => void;
};

type Pending<T> = { item: T; length: number; index: number; ticket: Ticket; enqueuedAt: number };

/**
 * Dynamic batching: inputs from concurrent requests share forward passes. One batch runs at a
 * time (a single CPU or GPU stream is saturated by one well-sized batch); while it runs, new inputs
 * queue up and the next batch is cut from them. A batch is a run of similar lengths, so padding
 * wastes little, and it always contains the oldest input, so no input starves.
 */
export class Batcher<T extends { ids: readonly number[] }> {
  private queue: Pending<T>[] = [];
  private running = false;
  private wake: (() => void) | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly run: (items: T[]) => Promise<Float32Array[]>,
    private readonly limits: BatchLimits,
    private readonly hooks: BatchHooks,
  ) {}

  get queuedInputs(): number {
    return this.queue.length;
  }

  submit(items: T[]): Promise<Completion> {
    return new Promise((resolve, reject) => {
      const ticket: Ticket = { vectors: new Array(items.length), remaining: items.length, queueMs: 0, inferenceMs: 0, failed: false, resolve, reject };
      const now = performance.now();
      items.forEach((item, index) => this.queue.push({ item, length: item.ids.length, index, ticket, enqueuedAt: now }));
      this.wake?.();
      void this.pump();
    });
  }

  /** Resolves once every queued input has been processed (used by graceful shutdown). */
  drained(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0) {
        await this.gather();
        await this.execute(this.cutBatch());
      }
    } finally {
      this.running = false;
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  /**
   * Waits, at most maxWaitMs after the oldest input arrived, while requests are still arriving and
   * the queue cannot fill a batch yet. With nothing arriving it returns at once, so a lone request
   * pays no batching delay.
   */
  private async gather(): Promise<void> {
    const oldest = this.queue[0];
    if (!oldest) return;
    const deadline = oldest.enqueuedAt + this.limits.maxWaitMs;
    while (this.hooks.arriving() > 0 && this.queue.length < this.limits.maxBatchSize && performance.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.max(0, deadline - performance.now()));
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.wake = done;
      });
      this.wake = undefined;
    }
  }

  private cutBatch(): Pending<T>[] {
    const { maxBatchSize, maxBatchTokens } = this.limits;
    // Sorting only the queue's head keeps the cost bounded when the queue is long.
    const window = this.queue.slice(0, maxBatchSize * 4);
    const oldest = window[0]!;
    const sorted = window.toSorted((a, b) => a.length - b.length);
    let batch: Pending<T>[] = [];
    for (const pending of sorted) {
      // Sorted ascending, so the newcomer is the longest: padded size is its length × count.
      const shortest = batch[0]?.length ?? pending.length;
      const fits =
        batch.length < maxBatchSize &&
        pending.length * (batch.length + 1) <= maxBatchTokens &&
        pending.length - shortest <= Math.max(MAX_LENGTH_SPREAD_TOKENS, shortest * MAX_LENGTH_SPREAD_RATIO);
      if (!fits) {
        if (batch.includes(oldest)) break;
        batch = [];
      }
      batch.push(pending);
    }
    const taken = new Set(batch);
    this.queue = this.queue.filter((pending) => !taken.has(pending));
    return batch;
  }

  private async execute(batch: Pending<T>[]): Promise<void> {
    const started = performance.now();
    const queueWaitsMs = batch.map((pending) => started - pending.enqueuedAt);
    let vectors: Float32Array[];
    try {
      vectors = await this.run(batch.map((pending) => pending.item));
      if (vectors.length !== batch.length) throw new Error(`batch of ${batch.length} produced ${vectors.length} vectors`);
    } catch (error) {
      this.fail(batch, error);
      return;
    }
    const inferenceMs = performance.now() - started;
    batch.forEach((pending, i) => {
      const ticket = pending.ticket;
      ticket.vectors[pending.index] = vectors[i]!;
      ticket.queueMs = Math.max(ticket.queueMs, queueWaitsMs[i]!);
      ticket.remaining -= 1;
    });
    for (const ticket of new Set(batch.map((pending) => pending.ticket))) {
      ticket.inferenceMs += inferenceMs;
      if (ticket.remaining === 0) ticket.resolve({ vectors: ticket.vectors, queueMs: ticket.queueMs, inferenceMs: ticket.inferenceMs });
    }
    const maxLength = Math.max(...batch.map((pending) => pending.length));
    this.hooks.onBatch({
      size: batch.length,
      tokens: batch.reduce((sum, pending) => sum + pending.length, 0),
      paddedTokens: maxLength * batch.length,
      inferenceMs,
      queueWaitsMs,
    });
  }

  /** Fails every request with an input in this batch, and drops their other queued inputs. */
  private fail(batch: Pending<T>[], error: unknown): void {
    const tickets = new Set(batch.map((pending) => pending.ticket));
    for (const ticket of tickets) {
      ticket.failed = true;
      ticket.reject(error);
    }
    this.queue = this.queue.filter((pending) => !pending.ticket.failed);
  }
}
