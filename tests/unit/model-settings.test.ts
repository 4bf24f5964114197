import { homedir } from "node:os";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config/load";

describe("the local embedding model's settings", () => {
  it("keep models in the user's cache, outside DATA_DIR, by default", () => {
    const config = parseConfig({}, "/srv/app");
    expect(config.models).toEqual({ cache: `${homedir()}/.cache/course-assistant/models`, dir: undefined });
    expect(config).toMatchObject({ EMBEDDINGS_SIDECAR_AUTOSTART: true, EMBEDDINGS_MODEL_DOWNLOAD: true, HF_ENDPOINT: "https://huggingface.co" });
    expect(config.HF_TOKEN).toBeUndefined();
  });

  it("follow XDG_CACHE_HOME when it is absolute, and resolve MODEL_CACHE_DIR and EMBEDDINGS_MODEL_PATH against the working directory", () => {
    expect(parseConfig({ XDG_CACHE_HOME: "/var/cache/me" }, "/srv/app").models.cache).toBe("/var/cache/me/course-assistant/models");
    expect(parseConfig({ XDG_CACHE_HOME: "relative" }, "/srv/app").models.cache).toBe(`${homedir()}/.cache/course-assistant/models`);
    expect(parseConfig({ MODEL_CACHE_DIR: "models", EMBEDDINGS_MODEL_PATH: "gpu-sidecar/models/bge-m3" }, "/srv/app").models).toEqual({
      cache: "/srv/app/models",
      dir: "/srv/app/gpu-sidecar/models/bge-m3",
    });
  });

  it("name a wrong value", () => {
    try {
      parseConfig({ EMBEDDINGS_SIDECAR_AUTOSTART: "no", HF_ENDPOINT: "hf-mirror.com" });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        { variable: "EMBEDDINGS_SIDECAR_AUTOSTART", message: "must be true or false" },
        { variable: "HF_ENDPOINT", message: "must be an http(s) URL, e.g. http://127.0.0.1:8000/v1" },
      ]);
    }
  });
});
