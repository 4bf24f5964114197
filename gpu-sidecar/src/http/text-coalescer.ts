/**
 * Text generated within SIDECAR_CHAT_STREAM_INTERVAL_MS of the last write goes out together:
 * a fast model then costs one write and one wake-up of the reader per interval, not per token.
 * The first text goes at once, so the time to the first token is not delayed.
 */
export class TextCoalescer {
  private unsent = "";
  private timer: NodeJS.Timeout | undefined;
  private wroteFirst = false;

  constructor(
    private readonly intervalMs: number,
    private readonly write: (text: string) => Promise<void>,
  ) {}

  async push(piece: string): Promise<void> {
    this.unsent += piece;
    if (!this.wroteFirst) {
      this.wroteFirst = true;
      await this.flush();
    } else {
      this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
    }
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const content = this.unsent;
    this.unsent = "";
    if (content !== "") await this.write(content);
  }

  /** Stops the pending write; what is unsent stays for flush(). */
  cancel(): void {
    clearTimeout(this.timer);
  }
}
