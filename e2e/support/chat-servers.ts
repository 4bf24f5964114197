/**
 * The chat's end-to-end servers: the demo app configured per LLM provider, each with the real
 * embedding sidecar on the fixture model and its own LLM stand-in (tests/support/llm-stand-in.ts);
 * for "local" the sidecar itself serves a chat model.
 */
const BASE_PORT = Number(process.env.E2E_PORT ?? 3100);

export type ChatServer = { name: "vllm" | "gemini" | "none" | "local"; port: number; llmPort: number; env: Record<string, string> };

function server(name: ChatServer["name"], offset: number, env: Record<string, string>): ChatServer {
  return { name, port: BASE_PORT + offset, llmPort: BASE_PORT + 10 + offset, env };
}

export const CHAT_SERVERS = {
  vllm: server("vllm", 1, { LLM_PROVIDER: "vllm", LLM_BASE_URL: `http://127.0.0.1:${BASE_PORT + 11}/v1`, LLM_MODEL: "Qwen/Qwen2.5-7B-Instruct" }),
  gemini: server("gemini", 2, {
    LLM_PROVIDER: "gemini",
    GEMINI_API_KEY: "stand-in-key",
    GEMINI_BASE_URL: `http://127.0.0.1:${BASE_PORT + 12}/v1beta`,
    LLM_MODEL: "gemini-2.5-flash",
  }),
  none: server("none", 3, { LLM_PROVIDER: "none" }),
  // The sidecar's own chat model (the tiny random-weight GGUF), slowed per token so an answer can be watched and stopped.
  local: server("local", 4, { LLM_PROVIDER: "local", LLM_MAX_TOKENS: "60" }),
} satisfies Record<string, ChatServer>;

/** Where a test steers its server's LLM stand-in (POST /control with a script). */
export const llmControlUrl = (server: ChatServer) => `http://127.0.0.1:${server.llmPort}/control`;
