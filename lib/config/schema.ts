import { isIP } from "node:net";
import { z } from "zod";

const number = () => z.coerce.number({ error: "must be a number" });

const boundedInt = (min: number, max: number) =>
  number().int("must be a whole number").min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);

const positiveInt = (fallback: number, max: number) => boundedInt(1, max).default(fallback);

const ratio = (fallback: number, max = 1) =>
  number().min(0, "must be 0 or more").max(max, `must be at most ${max}`).default(fallback);

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. http://127.0.0.1:8000/v1" });

const postgresUrl = z
  .string()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "postgresql:" || url.protocol === "postgres:") && url.hostname !== "" && url.pathname.length > 1;
    } catch {
      return false;
    }
  }, "must be a PostgreSQL URL with a host and a database, e.g. postgresql://user:password@localhost:5432/course_assistant");

const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (issue) => `must be one of ${values.join(", ")} (got "${String(issue.input)}")` });

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value));

/** USD per million tokens, input and output, for the dashboard's estimated cost. */
const tokenPrice = z.object({ input: z.number().min(0), output: z.number().min(0) }, { error: 'must be {"input": USD, "output": USD}' });

// A JSON object keyed by provider ("gemini") or provider/model ("openai/gpt-4.1-mini"; the more specific wins).
const tokenPrices = z
  .string()
  .transform((value, ctx) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: 'must be JSON, e.g. {"gemini": {"input": 0.3, "output": 2.5}}' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string(), tokenPrice))
  .default({});

/** Comma-separated IPv4/IPv6 addresses or CIDR ranges, e.g. "10.0.0.0/8, ::1". */
const cidrList = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const entries = (value ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
    for (const entry of entries) {
      const [address, bits, ...rest] = entry.split("/");
      const family = isIP(address);
      const maxBits = family === 6 ? 128 : 32;
      const validBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= maxBits);
      if (family === 0 || !validBits || rest.length > 0) {
        ctx.addIssue({ code: "custom", message: `"${entry}" is not an IP address or CIDR range (e.g. 10.0.0.0/8)` });
        return z.NEVER;
      }
    }
    return entries;
  });

const optionalCount = (max: number) => boundedInt(1, max).optional();

const timeZone = z
  .string()
  .refine((value) => value === "UTC" || Intl.supportedValuesOf("timeZone").includes(value), "must be an IANA time zone, e.g. Europe/Moscow")
  .default("UTC");

/** Every setting the app reads, as environment variables. Documented one by one in .env.example. */
export const envSchema = z
  .object({
    PORT: boundedInt(1, 65535).default(3000),
    HOST: z.string().default("127.0.0.1"),
    APP_URL: httpUrl.optional(),
    DEFAULT_LOCALE: choice(["ru", "en"]).default("ru"),
    DATA_DIR: z.string().min(1).default(".data"),
    DATABASE_URL: postgresUrl.optional(),

    LLM_PROVIDER: choice(["none", "local", "vllm", "gemini", "openai"]).default("none"),
    LLM_BASE_URL: httpUrl.optional(),
    LLM_MODEL: optionalText,
    LLM_API_KEY: optionalText,
    GEMINI_API_KEY: optionalText,
    GEMINI_BASE_URL: httpUrl.optional(),
    LLM_TEMPERATURE: ratio(0.2, 2),
    LLM_TOP_P: ratio(0.9),
    LLM_MAX_TOKENS: positiveInt(1024, 32768),
    LLM_CONTEXT_TOKENS: positiveInt(8192, 1_048_576),
    LLM_TIMEOUT_MS: positiveInt(60_000, 600_000),

    EMBEDDINGS_PROVIDER: choice(["sidecar", "gemini", "openai"]).default("sidecar"),
    EMBEDDINGS_URL: httpUrl.default("http://127.0.0.1:8088"),
    EMBEDDINGS_MODEL: optionalText,
    EMBEDDINGS_DIMENSIONS: boundedInt(1, 8192).optional(),
    // The local sidecar `npm run demo` and `npm start` run themselves (scripts/lib/local-embedder.ts).
    EMBEDDINGS_SIDECAR_AUTOSTART: z
      .enum(["true", "false"], { error: "must be true or false" })
      .default("true")
      .transform((value) => value === "true"),
    // Not EMBEDDINGS_MODEL_DIR: docker-compose.yml already reads that as a folder name under gpu-sidecar/models/.
    EMBEDDINGS_MODEL_PATH: optionalText,
    EMBEDDINGS_MODEL_DOWNLOAD: z
      .enum(["true", "false"], { error: "must be true or false" })
      .default("true")
      .transform((value) => value === "true"),
    // LLM_PROVIDER=local: the GGUF chat model the local sidecar serves (scripts/lib/local-models.ts).
    LOCAL_LLM_MODEL_PATH: optionalText,
    LOCAL_LLM_DOWNLOAD: z
      .enum(["true", "false"], { error: "must be true or false" })
      .default("true")
      .transform((value) => value === "true"),
    MODEL_CACHE_DIR: optionalText,
    HF_ENDPOINT: httpUrl.default("https://huggingface.co"),
    HF_TOKEN: optionalText,

    VECTOR_STORE: choice(["lancedb", "qdrant"]).default("lancedb"),
    LANCEDB_DIR: optionalText,
    QDRANT_URL: httpUrl.optional(),
    QDRANT_API_KEY: optionalText,
    QDRANT_COLLECTION_COURSE: z.string().min(1).default("course_materials"),
    QDRANT_COLLECTION_FAQ: z.string().min(1).default("faq"),
    QDRANT_COLLECTION_ORG: z.string().min(1).default("organization"),
    QDRANT_SHARDS: positiveInt(1, 1000),
    QDRANT_REPLICAS: positiveInt(1, 100),

    INGEST_WORKER: z
      .enum(["true", "false"], { error: "must be true or false" })
      .default("true")
      .transform((value) => value === "true"),

    UPLOAD_DIR: optionalText,
    UPLOAD_MAX_MB: positiveInt(50, 2048),
    UPLOAD_MAX_PAGES: positiveInt(2000, 100_000),
    UPLOADS_PER_HOUR: positiveInt(200, 100_000),
    INGEST_MAX_ATTEMPTS: positiveInt(3, 100),
    PARSE_TIMEOUT_S: positiveInt(300, 3600),
    PARSE_MEMORY_MB: positiveInt(1024, 65_536),

    RETRIEVAL_TOP_K: positiveInt(6, 50),
    // Relevance floors are calibrated per course and model from off-topic probe questions: this
    // share of the probes must fall below the floor (lib/rag/calibration).
    RELEVANCE_FLOOR_PERCENTILE: number().min(50, "must be at least 50").max(100, "must be at most 100").default(95),
    // A FAQ answer is given word for word when its question clears the dense floor by this share of
    // the room above it, or shares at least FAQ_DIRECT_ANSWER_TERM_SHARE of the question's words.
    FAQ_DIRECT_ANSWER_MARGIN: ratio(0.5),
    FAQ_DIRECT_ANSWER_TERM_SHARE: ratio(0.8),
    EMBEDDINGS_QUERY_TIMEOUT_MS: positiveInt(3000, 60_000),
    // Unset: calibrated per embedding model from the off-topic probe questions.
    UNANSWERED_GROUP_SIMILARITY: number().min(-1, "must be at least -1").max(1, "must be at most 1").optional(),

    CHAT_RATE_LIMIT_PER_MINUTE: positiveInt(20, 10_000),
    CHAT_MAX_MESSAGE_CHARS: positiveInt(4000, 100_000),
    CHAT_HISTORY_MESSAGES: positiveInt(20, 200),
    CHAT_DAILY_QUESTIONS_PER_STUDENT: positiveInt(200, 1_000_000),
    VISITORS_PER_ADDRESS_PER_HOUR: positiveInt(300, 1_000_000),
    WIDGET_SESSIONS_PER_ADDRESS_PER_MINUTE: positiveInt(30, 100_000),
    // Unset: no bound. Answers still streaming hold a reservation of their largest possible size.
    LLM_DAILY_TOKENS: optionalCount(2_000_000_000),
    LLM_COURSE_DAILY_TOKENS: optionalCount(2_000_000_000),

    // Who may say where a request came from: the peer's address is the client's unless the peer is
    // a trusted proxy, whose X-Forwarded-For is then read from the right.
    TRUSTED_PROXY_HOPS: boundedInt(0, 10).default(0),
    TRUSTED_PROXIES: cidrList,
    JSON_BODY_MAX_KB: positiveInt(64, 10_240),

    HEALTH_TIMEOUT_MS: positiveInt(2000, 60_000),

    AUTH_SECRET: z.string().min(32, "must be at least 32 characters (e.g. openssl rand -hex 32)").optional(),
    AUTH_SESSION_HOURS: positiveInt(12, 24 * 90),
    LOGIN_MAX_ATTEMPTS: positiveInt(5, 1000),
    LOGIN_WINDOW_MINUTES: positiveInt(15, 24 * 60),
    LOGIN_MAX_CONCURRENT_HASHES: positiveInt(4, 256),

    METRICS_TOKEN: z.string().min(16, "must be at least 16 characters (e.g. openssl rand -hex 32)").optional(),
    LLM_PRICES: tokenPrices,
    DASHBOARD_TIME_ZONE: timeZone,
  })
  .superRefine((env, ctx) => {
    const require = (variable: keyof typeof env, why: string) => {
      if (env[variable] === undefined) ctx.addIssue({ code: "custom", path: [variable], message: `is required ${why}` });
    };
    if (env.LLM_PROVIDER === "vllm") {
      require("LLM_BASE_URL", "when LLM_PROVIDER=vllm (the OpenAI-compatible server, e.g. http://vllm:8000/v1)");
      require("LLM_MODEL", "when LLM_PROVIDER=vllm (the served model name)");
    }
    if (env.LLM_PROVIDER === "openai") {
      require("LLM_API_KEY", "when LLM_PROVIDER=openai");
      require("LLM_MODEL", "when LLM_PROVIDER=openai");
    }
    if (env.LLM_PROVIDER === "gemini") {
      require("GEMINI_API_KEY", "when LLM_PROVIDER=gemini");
      require("LLM_MODEL", "when LLM_PROVIDER=gemini (e.g. gemini-2.5-flash)");
    }
    if (env.EMBEDDINGS_PROVIDER === "gemini") require("GEMINI_API_KEY", "when EMBEDDINGS_PROVIDER=gemini");
    if (env.EMBEDDINGS_PROVIDER === "openai") require("LLM_API_KEY", "when EMBEDDINGS_PROVIDER=openai");
    if (env.TRUSTED_PROXY_HOPS > 0 && env.TRUSTED_PROXIES.length > 0) {
      ctx.addIssue({ code: "custom", path: ["TRUSTED_PROXIES"], message: "set either TRUSTED_PROXY_HOPS or TRUSTED_PROXIES, not both" });
    }
    if (env.VECTOR_STORE === "qdrant") require("QDRANT_URL", "when VECTOR_STORE=qdrant (e.g. http://qdrant:6333)");
  });

export type Env = z.output<typeof envSchema>;
