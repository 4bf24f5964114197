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
  // Test-only fault injection: a batch holding an input that contains this text throws. Unset in production.
  SIDECAR_TEST_FAULT_MARKER: z.string().min(1).optional(),
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
