import { resolveChatWrapper, type ChatHistoryItem, type ChatWrapper, type LlamaModel, type Token } from "node-llama-cpp";
import { SidecarError } from "../errors.js";

export type ChatMessage = { role: "system" | "user" | "assistant"; content: string };

export type Prompt = {
  tokens: Token[];
  /** Tokens that end the answer besides the model's end-of-generation tokens (the template's own). */
  stopTokens: Set<Token>;
};

const wrappers = new WeakMap<LlamaModel, ChatWrapper>();

/** The chat template the GGUF file names (llama.cpp's Jinja template or a built-in wrapper for it). */
function chatWrapperOf(model: LlamaModel): ChatWrapper {
  let wrapper = wrappers.get(model);
  if (!wrapper) {
    wrapper = resolveChatWrapper(model);
    wrappers.set(model, wrapper);
  }
  return wrapper;
}

/** The conversation in the model's own chat format, as tokens, ready for the assistant's turn. */
export function buildPrompt(model: LlamaModel, messages: ChatMessage[]): Prompt {
  const history: ChatHistoryItem[] = messages.map((message) =>
    message.role === "assistant" ? { type: "model", response: [message.content] } : { type: message.role, text: message.content },
  );
  history.push({ type: "model", response: [] });
  const state = chatWrapperOf(model).generateContextState({ chatHistory: history });
  const stopTokens = new Set<Token>();
  for (const trigger of state.stopGenerationTriggers) {
    const tokens = trigger.tokenize(model.tokenizer, "trimLeadingSpace");
    if (tokens.length === 1) stopTokens.add(tokens[0]!);
  }
  return { tokens: state.contextText.tokenize(model.tokenizer), stopTokens };
}

/** The room a request needs: its prompt plus what it may generate must fit the context. */
export function checkContext(promptTokens: number, maxTokens: number | undefined, contextLength: number): void {
  const needed = promptTokens + (maxTokens ?? 1);
  if (needed <= contextLength) return;
  const what = maxTokens === undefined ? `the prompt has ${promptTokens} tokens` : `the prompt has ${promptTokens} tokens and max_tokens asks for ${maxTokens} more`;
  throw new SidecarError("invalid_input", `${what}, more than the model's context of ${contextLength} tokens (SIDECAR_CHAT_CONTEXT); shorten the messages or max_tokens`, {
    param: "messages",
    code: "context_length_exceeded",
  });
}
