import { createGoogleGenerativeAI } from "@ai-sdk/google";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModel } from "ai";
import type { Config } from "@/lib/config/load";

export type ChatModel = { provider: Exclude<Config["LLM_PROVIDER"], "none">; modelId: string; model: LanguageModel };

const OPENAI_BASE_URL = "https://api.openai.com/v1";

/**
 * The configured answer model, or null for LLM_PROVIDER=none (retrieval-only answers).
 * vLLM and OpenAI both speak the OpenAI chat-completions protocol; usage is requested in the
 * stream (stream_options.include_usage) so token counts are recorded for every answer.
 */
export function createChatModel(config: Config): ChatModel | null {
  const modelId = config.LLM_MODEL ?? "";
  switch (config.LLM_PROVIDER) {
    case "none":
      return null;
    case "vllm":
    case "openai": {
      const provider = createOpenAICompatible({
        name: config.LLM_PROVIDER,
        baseURL: (config.LLM_BASE_URL ?? OPENAI_BASE_URL).replace(/\/$/, ""),
        apiKey: config.LLM_API_KEY,
        includeUsage: true,
      });
      return { provider: config.LLM_PROVIDER, modelId, model: provider.chatModel(modelId) };
    }
    case "gemini": {
      const google = createGoogleGenerativeAI({
        apiKey: config.GEMINI_API_KEY,
        ...(config.GEMINI_BASE_URL ? { baseURL: config.GEMINI_BASE_URL.replace(/\/$/, "") } : {}),
      });
      return { provider: "gemini", modelId, model: google(modelId) };
    }
  }
}
