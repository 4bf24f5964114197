import { z } from "zod";
import type { Config } from "@/lib/config/load";

/** Whether the local sidecar can answer now, and with how much context. */
export type LocalModelState = { ready: true; modelId: string; contextTokens: number } | { ready: false; reason: string };

const infoSchema = z.object({
  chat: z
    .object({
      status: z.enum(["absent", "unloaded", "loading", "loaded", "failed"]),
      error: z.string().optional(),
      model_id: z.string().nullable(),
      context_length: z.number().int().positive().nullable(),
    })
    .nullable()
    .optional(),
});

/** Where the app sends answers for LLM_PROVIDER=local: LLM_BASE_URL, else the sidecar's /v1. */
export function localModelBaseUrl(config: Config): string {
  // Joined like the embedding client joins its paths, so a proxy's path prefix on EMBEDDINGS_URL is kept.
  return (config.LLM_BASE_URL ?? `${config.EMBEDDINGS_URL.replace(/\/$/, "")}/v1`).replace(/\/$/, "");
}

/** The sidecar's /info beside its /v1 (kept under any path prefix a proxy adds). */
export function localModelInfoUrl(config: Config): string {
  return `${localModelBaseUrl(config).replace(/\/v1$/, "")}/info`;
}

/**
 * Asks the sidecar's /info whether it serves a chat model it can load. A model still downloading
 * (absent), one that failed to load, or a sidecar that does not answer all mean "not ready": the
 * answer then quotes the materials instead.
 */
export async function readLocalModelState(infoUrl: string, timeoutMs: number): Promise<LocalModelState> {
  let body: unknown;
  try {
    const response = await fetch(infoUrl, { signal: AbortSignal.timeout(timeoutMs), cache: "no-store" });
    if (!response.ok) return { ready: false, reason: `the sidecar answered HTTP ${response.status}` };
    body = await response.json();
  } catch (error) {
    return { ready: false, reason: `the sidecar does not answer (${error instanceof Error ? error.message : String(error)})` };
  }
  const chat = infoSchema.safeParse(body).data?.chat;
  if (!chat) return { ready: false, reason: "the sidecar serves no chat model (SIDECAR_CHAT_MODEL_PATH is not set)" };
  if (chat.status === "absent") return { ready: false, reason: "the chat model is not there yet (still downloading?)" };
  if (chat.status === "failed" || !chat.model_id || !chat.context_length) return { ready: false, reason: chat.error ?? "the chat model failed to load" };
  return { ready: true, modelId: chat.model_id, contextTokens: chat.context_length };
}

const CACHE_MS = 5000;

/** readLocalModelState for the chat's hot path: asked at most every few seconds per process. */
export function localModelProbe(config: Config): () => Promise<LocalModelState> {
  const infoUrl = localModelInfoUrl(config);
  let cached: { at: number; state: Promise<LocalModelState> } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at > CACHE_MS) cached = { at: Date.now(), state: readLocalModelState(infoUrl, config.HEALTH_TIMEOUT_MS) };
    return cached.state;
  };
}
