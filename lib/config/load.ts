import { homedir } from "node:os";
import path from "node:path";
import { envSchema, type Env } from "./schema";

export type Config = Env & {
  /** Absolute directories derived from DATA_DIR unless set on their own. */
  paths: { data: string; lancedb: string; uploads: string; embeddedPostgres: string };
  /**
   * The embedding model the demo and `npm start` give a sidecar they run: `dir` when
   * EMBEDDINGS_MODEL_PATH is set, else a preset's folder in `cache`, which lies outside DATA_DIR so
   * that starting over keeps the download. `chatFile` likewise for the local chat model
   * (LOCAL_LLM_MODEL_PATH).
   */
  models: { cache: string; dir: string | undefined; chatFile: string | undefined };
  appUrl: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      "Invalid configuration:\n" +
        problems.map((p) => `  - ${p.variable} ${p.message}`).join("\n") +
        "\nSee .env.example for every setting and its allowed values.",
    );
    this.name = "ConfigError";
  }
}

/** The XDG base directory for caches; a relative XDG_CACHE_HOME is invalid by the spec and ignored. */
function userCacheDir(env: Record<string, string | undefined>): string {
  const xdg = env.XDG_CACHE_HOME;
  return xdg && path.isAbsolute(xdg) ? xdg : path.join(homedir(), ".cache");
}

/** Validates raw environment variables; throws ConfigError naming each wrong or missing variable. */
export function parseConfig(raw: Record<string, string | undefined>, cwd = process.cwd()): Config {
  // An empty variable (FOO= in a .env file) means "not set", not "set to empty".
  const env = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined && value !== ""));
  const result = envSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? "environment"), message: issue.message })),
    );
  }
  const data = path.resolve(cwd, result.data.DATA_DIR);
  return {
    ...result.data,
    paths: {
      data,
      lancedb: path.resolve(cwd, result.data.LANCEDB_DIR ?? path.join(data, "lancedb")),
      uploads: path.resolve(cwd, result.data.UPLOAD_DIR ?? path.join(data, "uploads")),
      embeddedPostgres: path.join(data, "postgres"),
    },
    models: {
      cache: path.resolve(cwd, result.data.MODEL_CACHE_DIR ?? path.join(userCacheDir(raw), "course-assistant", "models")),
      dir: result.data.EMBEDDINGS_MODEL_PATH === undefined ? undefined : path.resolve(cwd, result.data.EMBEDDINGS_MODEL_PATH),
      chatFile: result.data.LOCAL_LLM_MODEL_PATH === undefined ? undefined : path.resolve(cwd, result.data.LOCAL_LLM_MODEL_PATH),
    },
    appUrl: (result.data.APP_URL ?? `http://localhost:${result.data.PORT}`).replace(/\/$/, ""),
  };
}

let cached: Config | undefined;

/** The process's configuration, validated once. */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
