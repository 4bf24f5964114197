import { z } from "zod";

const int = (min: number, max: number, fallback: number) =>
  z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(min, `must be at least ${min}`).max(max, `must be at most ${max}`).default(fallback);

export const executionProviders = ["cuda", "cpu"] as const;
export type ExecutionProvider = (typeof executionProviders)[number];

const providerList = z
  .string()
  .transform((value) => value.split(",").map((name) => name.trim()).filter((name) => name !== ""))
  .pipe(z.array(z.enum(executionProviders, { error: `each provider must be one of ${executionProviders.join(", ")}` })).min(1, "must name at least one provider"));

/** Every setting the sidecar reads, as environment variables (documented in README.md). */
export const settingsSchema = z.object({
  SIDECAR_HOST: z.string().min(1).default("127.0.0.1"),
  // 0 asks the OS for a free port; the "listening" log line names the one bound.
  SIDECAR_PORT: int(0, 65535, 8088),
  SIDECAR_MODEL_DIR: z.string().min(1).default("models/multilingual-e5-small"),
  SIDECAR_EXECUTION_PROVIDERS: providerList.default(["cuda", "cpu"]),
  // 0 keeps onnxruntime's default: one intra-op thread per physical core.
  SIDECAR_INTRA_OP_THREADS: int(0, 1024, 0),
  SIDECAR_ALLOW_SPINNING: z.enum(["true", "false"], { error: "must be true or false" }).default("false").transform((value) => value === "true"),
  SIDECAR_GRAPH_OPTIMIZATION: z.enum(["disabled", "basic", "extended", "all"]).default("all"),
  SIDECAR_MAX_BATCH_TOKENS: int(1, 4_194_304, 16_384),
  SIDECAR_MAX_BATCH_SIZE: int(1, 8192, 64),
  SIDECAR_MAX_INPUTS_PER_REQUEST: int(1, 100_000, 512),
  SIDECAR_MAX_CONCURRENT_REQUESTS: int(1, 1_000_000, 512),
  SIDECAR_MAX_WAIT_MS: int(0, 10_000, 2),
  SIDECAR_MAX_BODY_BYTES: int(1024, 1_073_741_824, 8 * 1024 * 1024),
  SIDECAR_SHUTDOWN_TIMEOUT_MS: int(0, 3_600_000, 30_000),
  // The chat model (a GGUF file) served at /v1/chat/completions; unset: the sidecar serves embeddings only.
  SIDECAR_CHAT_MODEL_PATH: z.string().min(1).optional(),
  // Tokens of context per generation; 0 takes the model's own (trained) length, capped at 8192.
  SIDECAR_CHAT_CONTEXT: int(0, 1_048_576, 4096),
  // 0 lets llama.cpp choose (one thread per core).
  SIDECAR_CHAT_THREADS: int(0, 1024, 0),
  // Generations run at once; each holds a context of SIDECAR_CHAT_CONTEXT tokens.
  SIDECAR_CHAT_PARALLEL: int(1, 64, 1),
  // Requests that wait for a free generation slot; beyond them the answer is 429 with Retry-After.
  SIDECAR_CHAT_QUEUE: int(0, 10_000, 8),
  SIDECAR_CHAT_LOAD: z.enum(["start", "first-use"], { error: "must be start or first-use" }).default("first-use"),
  // Frees the model's memory after this long without a request; 0 keeps it loaded.
  SIDECAR_CHAT_IDLE_UNLOAD_S: int(0, 604_800, 900),
  // Streamed text generated within this many milliseconds is sent in one event (the first text goes at once).
  SIDECAR_CHAT_STREAM_INTERVAL_MS: int(0, 1000, 20),
});

export type Settings = z.output<typeof settingsSchema>;

export class SettingsError extends Error {
  override name = "SettingsError";
}

/** Validates the environment; an empty variable counts as unset, like in a .env file. */
export function parseSettings(env: Record<string, string | undefined>): Settings {
  const present = Object.fromEntries(Object.entries(env).filter(([key, value]) => key.startsWith("SIDECAR_") && value !== undefined && value !== ""));
  const result = settingsSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${String(issue.path[0] ?? "environment")} ${issue.message}`);
    throw new SettingsError(`Invalid sidecar settings:\n${lines.join("\n")}`);
  }
  return result.data;
}
