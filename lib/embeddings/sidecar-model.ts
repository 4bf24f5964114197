import { APICallError, type EmbeddingModelV3, type EmbeddingModelV3CallOptions, type EmbeddingModelV3Result } from "@ai-sdk/provider";
import { z } from "zod";

/** providerOptions.sidecar of embedMany: what the OpenAI wire format cannot say on its own. */
const sidecarOptionsSchema = z.object({ inputType: z.enum(["query", "passage"]).optional(), dimensions: z.number().int().positive().optional() });

const infoSchema = z.object({ model_id: z.string(), dimension: z.number(), max_inputs_per_request: z.number().int().positive() });
const embeddingsSchema = z.object({
  data: z.array(z.object({ index: z.number().int(), embedding: z.array(z.number()) })),
  usage: z.object({ prompt_tokens: z.number() }).optional(),
});

/**
 * The embedding sidecar as an AI SDK embedding model. The sidecar speaks OpenAI's format, but the
 * OpenAI-compatible provider cannot send `input_type` (which selects e5-style query/passage
 * prefixes), hence this small model. Per-call limits come from the sidecar's GET /info.
 */
export class SidecarEmbeddingModel implements EmbeddingModelV3 {
  readonly specificationVersion = "v3";
  readonly provider = "sidecar";
  readonly supportsParallelCalls = true;
  private info: Promise<z.output<typeof infoSchema>> | undefined;

  constructor(
    private readonly baseUrl: string,
    readonly modelId: string,
  ) {}

  get maxEmbeddingsPerCall(): PromiseLike<number> {
    return this.loadInfo().then((info) => info.max_inputs_per_request);
  }

  private loadInfo() {
    this.info ??= this.request("GET", "/info", undefined).then((body) => infoSchema.parse(body));
    // A failed lookup (sidecar still starting) must not be cached for the process's lifetime.
    this.info.catch(() => (this.info = undefined));
    return this.info;
  }

  async doEmbed({ values, abortSignal, headers, providerOptions }: EmbeddingModelV3CallOptions): Promise<EmbeddingModelV3Result> {
    const options = sidecarOptionsSchema.parse(providerOptions?.sidecar ?? {});
    const body = { input: values, model: this.modelId, input_type: options.inputType, dimensions: options.dimensions };
    const response = embeddingsSchema.parse(await this.request("POST", "/v1/embeddings", body, abortSignal, headers));
    const embeddings = response.data.toSorted((a, b) => a.index - b.index).map((item) => item.embedding);
    return { embeddings, usage: response.usage ? { tokens: response.usage.prompt_tokens } : undefined, warnings: [] };
  }

  private async request(method: string, path: string, body: unknown, signal?: AbortSignal, headers?: Record<string, string | undefined>): Promise<unknown> {
    const url = `${this.baseUrl.replace(/\/$/, "")}${path}`;
    const extra = Object.fromEntries(Object.entries(headers ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined));
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { ...extra, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (cause) {
      throw new APICallError({ message: `embedding sidecar unreachable at ${url}`, url, requestBodyValues: body, cause, isRetryable: true });
    }
    const text = await response.text();
    if (!response.ok) {
      // 429 (queue full) and 5xx are worth the AI SDK's retry with backoff; 4xx are the caller's bug.
      throw new APICallError({
        message: `embedding sidecar answered ${response.status}: ${text.slice(0, 500)}`,
        url,
        requestBodyValues: body,
        statusCode: response.status,
        responseBody: text,
        isRetryable: response.status === 429 || response.status >= 500,
      });
    }
    return JSON.parse(text);
  }
}
