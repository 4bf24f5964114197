/** Thrown when too many password checks already wait their turn. */
export class HashGateFullError extends Error {}

/**
 * Bounds the password checks (bcrypt, seconds of CPU per dozen) one process runs at once. Beyond
 * `max` they wait in line; beyond `maxWaiting` in line they are refused at once, so a flood of
 * sign-ins gets quick refusals instead of starving everything else on the server.
 */
export class HashGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly max: number,
    readonly maxWaiting: number = max * 8,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.max) {
      if (this.waiting.length >= this.maxWaiting) throw new HashGateFullError("Too many sign-ins at once");
      // The finishing task hands its slot over, so `running` stays counted.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
