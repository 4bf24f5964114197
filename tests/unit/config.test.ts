import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config/load";

function problemsOf(env: Record<string, string>) {
  try {
    parseConfig(env, "/srv/app");
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return { problems: (error as ConfigError).problems, message: (error as ConfigError).message };
  }
  throw new Error("expected the configuration to be rejected");
}

describe("parseConfig", () => {
  it("runs on embedded defaults with no settings at all", () => {
    const config = parseConfig({}, "/srv/app");
    expect(config).toMatchObject({
      PORT: 3000,
      DEFAULT_LOCALE: "ru",
      LLM_PROVIDER: "none",
      EMBEDDINGS_PROVIDER: "sidecar",
      VECTOR_STORE: "lancedb",
      appUrl: "http://localhost:3000",
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.paths).toEqual({
      data: "/srv/app/.data",
      lancedb: "/srv/app/.data/lancedb",
      uploads: "/srv/app/.data/uploads",
      embeddedPostgres: "/srv/app/.data/postgres",
    });
  });

  it("treats empty variables as unset and coerces numbers", () => {
    const config = parseConfig({ LLM_TEMPERATURE: "", PORT: "8080", RELEVANCE_FLOOR_PERCENTILE: "90", APP_URL: "https://ca.example.edu/" });
    expect(config.LLM_TEMPERATURE).toBe(0.2);
    expect(config.PORT).toBe(8080);
    expect(config.RELEVANCE_FLOOR_PERCENTILE).toBe(90);
    expect(config.appUrl).toBe("https://ca.example.edu");
  });

  it("names an unknown provider and lists the allowed values", () => {
    const { problems, message } = problemsOf({ LLM_PROVIDER: "foo" });
    expect(problems).toEqual([{ variable: "LLM_PROVIDER", message: 'must be one of none, local, vllm, gemini, openai (got "foo")' }]);
    expect(message).toContain("LLM_PROVIDER must be one of none, local, vllm, gemini, openai");
  });

  it.each(["mysql://root@localhost/db", "not a url", "postgresql://localhost", "postgresql:///db"])(
    "rejects the malformed DATABASE_URL %s",
    (value) => {
      expect(problemsOf({ DATABASE_URL: value }).problems.map((p) => p.variable)).toEqual(["DATABASE_URL"]);
    },
  );

  it("requires what each provider needs", () => {
    expect(problemsOf({ LLM_PROVIDER: "vllm" }).problems.map((p) => p.variable)).toEqual(["LLM_BASE_URL", "LLM_MODEL"]);
    expect(problemsOf({ LLM_PROVIDER: "gemini", LLM_MODEL: "gemini-2.5-flash" }).problems.map((p) => p.variable)).toEqual([
      "GEMINI_API_KEY",
    ]);
    expect(problemsOf({ LLM_PROVIDER: "openai" }).problems.map((p) => p.variable)).toEqual(["LLM_API_KEY", "LLM_MODEL"]);
    expect(problemsOf({ VECTOR_STORE: "qdrant" }).problems.map((p) => p.variable)).toEqual(["QDRANT_URL"]);
    expect(problemsOf({ EMBEDDINGS_PROVIDER: "gemini" }).problems.map((p) => p.variable)).toEqual(["GEMINI_API_KEY"]);
  });

  it("takes the local model with no key, and its file relative to the working directory", () => {
    const config = parseConfig({ LLM_PROVIDER: "local", LOCAL_LLM_MODEL_PATH: "models/chat.gguf", LOCAL_LLM_DOWNLOAD: "false" }, "/srv/app");
    expect(config).toMatchObject({ LLM_PROVIDER: "local", LOCAL_LLM_DOWNLOAD: false, models: { chatFile: "/srv/app/models/chat.gguf" } });
    expect(parseConfig({}, "/srv/app")).toMatchObject({ LOCAL_LLM_DOWNLOAD: true, models: { chatFile: undefined } });
    expect(problemsOf({ LOCAL_LLM_DOWNLOAD: "yes" }).problems).toEqual([{ variable: "LOCAL_LLM_DOWNLOAD", message: "must be true or false" }]);
  });

  it("accepts a complete production setup", () => {
    const config = parseConfig({
      DATABASE_URL: "postgresql://app:secret@db:5432/course_assistant",
      LLM_PROVIDER: "vllm",
      LLM_BASE_URL: "http://vllm:8000/v1",
      LLM_MODEL: "IlyaGusev/saiga_llama3_8b",
      VECTOR_STORE: "qdrant",
      QDRANT_URL: "http://qdrant:6333",
      EMBEDDINGS_URL: "http://sidecar:8088",
    });
    expect(config.LLM_BASE_URL).toBe("http://vllm:8000/v1");
    expect(config.QDRANT_COLLECTION_COURSE).toBe("course_materials");
  });

  it("reports every problem at once, with the range that was broken", () => {
    const { problems } = problemsOf({ PORT: "abc", FAQ_DIRECT_ANSWER_MARGIN: "2", LLM_MAX_TOKENS: "0", QDRANT_URL: "ftp://q" });
    expect(problems).toHaveLength(4);
    expect(problems).toEqual(
      expect.arrayContaining([
        { variable: "PORT", message: "must be a number" },
        { variable: "QDRANT_URL", message: expect.stringContaining("http(s) URL") },
        { variable: "FAQ_DIRECT_ANSWER_MARGIN", message: "must be at most 1" },
        { variable: "LLM_MAX_TOKENS", message: "must be at least 1" },
      ]),
    );
  });

  it("keeps the calibration percentile in the upper half", () => {
    const { problems } = problemsOf({ RELEVANCE_FLOOR_PERCENTILE: "40" });
    expect(problems).toEqual([{ variable: "RELEVANCE_FLOOR_PERCENTILE", message: "must be at least 50" }]);
  });
});
