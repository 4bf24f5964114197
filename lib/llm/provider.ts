import { createGoogleGenerativeAI } from "@ai-sdk/google";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModel } from "ai";
import type { Config } from "@/lib/config/load";
import { localModelBaseUrl, localModelProbe, type LocalModelState } from "./local-model";

export type ChatModel = {
  provider: Exclude<Config["LLM_PROVIDER"], "none">;
  modelId: string;
  model: LanguageModel;
  /** LLM_PROVIDER=local: the sidecar's model may not be there yet (downloading), so each answer asks first. */
  localState?: () => Promise<LocalModelState>;
};

const OPENAI_BASE_URL = "https://api.openai.com/v1";

/**
 * The configured answer model, or null for LLM_PROVIDER=none (retrieval-only answers).
 * The local sidecar, vLLM and OpenAI all speak the OpenAI chat-completions protocol; usage is requested in the
 * stream (stream_options.include_usage) so token counts are recorded for every answer.
 */
export function createChatModel(config: Config): ChatModel | null {
  const modelId = config.LLM_MODEL ?? "";
  switch (config.LLM_PROVIDER) {
    case "none":
      return null;
    case "local": {
      // The sidecar serves one chat model whatever the request names.
      const provider = createOpenAICompatible({ name: "local", baseURL: localModelBaseUrl(config), includeUsage: true });
      return { provider: "local", modelId: modelId || "local", model: provider.chatModel(modelId || "local"), localState: localModelProbe(config) };
    }
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
