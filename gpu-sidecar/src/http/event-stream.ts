import { once } from "node:events";
import type { ServerResponse } from "node:http";

/** Server-sent events as OpenAI streams them: `data: <json>` events, the last one `data: [DONE]`. */
export class EventStream {
  private draining: Promise<unknown> | undefined;

  constructor(private readonly response: ServerResponse) {
    response.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "x-accel-buffering": "no" });
  }

  async send(payload: unknown): Promise<void> {
    if (this.response.destroyed) return;
    // Backpressure: a slow reader pauses generation rather than growing our buffer.
    if (!this.response.write(`data: ${JSON.stringify(payload)}\n\n`)) {
      this.draining = Promise.race([once(this.response, "drain"), once(this.response, "close")]);
      await this.draining;
      this.draining = undefined;
    }
  }

  /** Resolves once the client has taken what it was slow to read (at once when nothing waits). */
  async writable(): Promise<void> {
    if (this.draining) await this.draining;
  }

  end(): void {
    this.response.end("data: [DONE]\n\n");
  }
}
