import { messageOf, SidecarError } from "../errors.js";
import type { Evaluate } from "./evaluate.js";
import type { ChatModelFacts } from "./facts.js";
import { generate, type GenerationResult, type SamplingOptions } from "./generate.js";
import type { ChatModelHost, Lease } from "./host.js";
import type { ChatMetrics } from "./metrics.js";
import { buildPrompt, checkContext, type ChatMessage, type Prompt } from "./prompt.js";

export type ChatRequest = { messages: ChatMessage[]; sampling: SamplingOptions };

export type ChatOutcome = GenerationResult & { promptTokens: number };

/** An answer ready to generate: it holds a slot, with its prompt built, until release(). */
export type ChatTurn = {
  run: (onText: (text: string) => void | Promise<void>) => Promise<ChatOutcome>;
  release: () => void;
};

/** Chat completions on the hosted model: slots, prompts, generation and what they cost. */
export class ChatService {
  constructor(
    readonly host: ChatModelHost,
    private readonly metrics: ChatMetrics,
    private readonly evaluate: Evaluate,
  ) {}

  /** The model's facts; a model that cannot be read is unavailable for now. */
  describe(): Promise<ChatModelFacts> {
    return this.host.describe().catch((error: unknown) => {
      throw error instanceof SidecarError ? error : new SidecarError("unavailable", messageOf(error), { retryAfterSeconds: 30 });
    });
  }

  /**
   * Takes a generation slot (loading the model, or waiting in the queue, if need be) and builds the
   * prompt, refusing one that does not fit the context. `arrived` is when the request came in: the
   * time to its first token counts from there.
   */
  async begin(request: ChatRequest, signal: AbortSignal, arrived: number): Promise<ChatTurn> {
    const lease = await this.host.acquire(signal);
    try {
      const prompt = buildPrompt(lease.model, request.messages);
      checkContext(prompt.tokens.length, request.sampling.maxTokens, lease.contextLength);
      return { run: (onText) => this.run(lease, prompt, request.sampling, onText, signal, arrived), release: lease.release };
    } catch (error) {
      lease.release();
      throw error;
    }
  }

  private async run(lease: Lease, prompt: Prompt, sampling: SamplingOptions, onText: (text: string) => void | Promise<void>, signal: AbortSignal, arrived: number): Promise<ChatOutcome> {
    let firstTextAt: number | undefined;
    const firstNoted = (text: string) => {
      firstTextAt ??= performance.now();
      return onText(text);
    };
    const result = await generate(lease, prompt, sampling, firstNoted, signal, this.evaluate);
    const outcome = { ...result, promptTokens: prompt.tokens.length };
    this.record(outcome, arrived, firstTextAt);
    return outcome;
  }

  private record(outcome: ChatOutcome, arrived: number, firstTextAt: number | undefined): void {
    this.metrics.tokens.inc({ kind: "prompt" }, outcome.promptTokens);
    this.metrics.tokens.inc({ kind: "completion" }, outcome.completionTokens);
    if (firstTextAt === undefined) return;
    this.metrics.timeToFirstToken.observe((firstTextAt - arrived) / 1000);
    const seconds = (performance.now() - firstTextAt) / 1000;
    if (outcome.completionTokens > 1 && seconds > 0) this.metrics.completionTokensPerSecond.observe((outcome.completionTokens - 1) / seconds);
  }
}
