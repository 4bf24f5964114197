import { createGoogleGenerativeAI } from "@ai-sdk/google";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { EmbeddingModelV3, SharedV3ProviderOptions as ProviderOptions } from "@ai-sdk/provider";
import { embedMany } from "ai";
import { getConfig, type Config } from "@/lib/config/load";
import type { EmbedTexts, InputType } from "./embed-texts";
import { SidecarEmbeddingModel } from "./sidecar-model";

export type Embedder = {
  provider: Config["EMBEDDINGS_PROVIDER"];
  modelId: string;
  /** Unit-length vectors, one per text, in order. Queries and passages are embedded differently. */
  embed: EmbedTexts;
};

export type EmbedderOptions = {
  /** Gemini API root, for a proxy or a test stand-in; defaults to Google's. */
  geminiBaseUrl?: string;
};

const DEFAULT_MODELS = { sidecar: "sidecar", gemini: "gemini-embedding-001", openai: "text-embedding-3-small" } as const;
const OPENAI_BASE_URL = "https://api.openai.com/v1";

function normalize(vector: number[]): number[] {
  const length = Math.hypot(...vector);
  return length > 0 ? vector.map((value) => value / length) : vector;
}

function modelAndOptions(config: Config, options: EmbedderOptions, modelId: string): { model: EmbeddingModelV3; providerOptions: (inputType: InputType) => ProviderOptions } {
  const dimensions = config.EMBEDDINGS_DIMENSIONS;
  switch (config.EMBEDDINGS_PROVIDER) {
    case "sidecar":
      return {
        model: new SidecarEmbeddingModel(config.EMBEDDINGS_URL, modelId),
        providerOptions: (inputType) => ({ sidecar: { inputType, ...(dimensions ? { dimensions } : {}) } }),
      };
    case "gemini": {
      const google = createGoogleGenerativeAI({ apiKey: config.GEMINI_API_KEY, ...(options.geminiBaseUrl ? { baseURL: options.geminiBaseUrl } : {}) });
      return {
        model: google.embeddingModel(modelId),
        providerOptions: (inputType) => ({
          google: { taskType: inputType === "query" ? "RETRIEVAL_QUERY" : "RETRIEVAL_DOCUMENT", ...(dimensions ? { outputDimensionality: dimensions } : {}) },
        }),
      };
    }
    case "openai": {
      const openai = createOpenAICompatible({ name: "openai", baseURL: config.LLM_BASE_URL ?? OPENAI_BASE_URL, apiKey: config.LLM_API_KEY });
      return { model: openai.embeddingModel(modelId), providerOptions: (): ProviderOptions => (dimensions ? { openai: { dimensions } } : {}) };
    }
  }
}

/** The embedder chosen by EMBEDDINGS_PROVIDER: the GPU/CPU sidecar, Gemini, or an OpenAI-compatible API. */
export function createEmbedder(config: Config, options: EmbedderOptions = {}): Embedder {
  const modelId = config.EMBEDDINGS_MODEL ?? DEFAULT_MODELS[config.EMBEDDINGS_PROVIDER];
  const { model, providerOptions } = modelAndOptions(config, options, modelId);
  return {
    provider: config.EMBEDDINGS_PROVIDER,
    modelId,
    embed: async (texts, inputType, options = {}) => {
      if (texts.length === 0) return [];
      const { embeddings } = await embedMany({ model, values: texts, providerOptions: providerOptions(inputType), maxParallelCalls: 4, ...options });
      // Gemini's shortened (outputDimensionality) vectors are not unit length; cosine search wants them to be.
      return embeddings.map(normalize);
    },
  };
}

let cached: Embedder | undefined;

/** The process's embedder, built once from the validated configuration. */
export function getEmbedder(): Embedder {
  const config = getConfig();
  cached ??= createEmbedder(config, { geminiBaseUrl: config.GEMINI_BASE_URL });
  return cached;
}
