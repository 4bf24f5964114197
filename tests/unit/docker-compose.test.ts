import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { envSchema } from "@/lib/config/schema";

type Service = {
  profiles?: string[];
  build?: { context: string; dockerfile: string; target?: string } | string;
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string; required?: boolean }>;
};
const compose = parse(readFileSync("docker-compose.yml", "utf8")) as { services: Record<string, Service> };
const services = compose.services;

describe("docker-compose.yml", () => {
  it("has the production stack with a health check on every service", () => {
    expect(Object.keys(services).sort()).toEqual(["app", "postgres", "qdrant", "sidecar-cpu", "sidecar-gpu", "vllm"]);
    for (const [name, service] of Object.entries(services)) expect(service.healthcheck?.test, name).toBeDefined();
  });

  it("builds from Dockerfiles that exist", () => {
    for (const service of Object.values(services)) {
      if (!service.build) continue;
      const dockerfile = typeof service.build === "string" ? `${service.build}/Dockerfile` : `${service.build.context}/${service.build.dockerfile}`;
      expect(existsSync(dockerfile), dockerfile).toBe(true);
    }
    expect(existsSync("Dockerfile")).toBe(true);
  });

  it("sets only settings the app knows, and points it at the stack's services", () => {
    const env = services.app.environment ?? {};
    const known = new Set(Object.keys(envSchema.shape));
    expect(Object.keys(env).filter((key) => !known.has(key))).toEqual([]);
    expect(env).toMatchObject({ VECTOR_STORE: "qdrant", QDRANT_URL: "http://qdrant:6333", EMBEDDINGS_URL: "http://sidecar:8088" });
    expect(env.DATABASE_URL).toMatch(/@postgres:5432\/course_assistant$/);
  });

  it("runs the sidecar on a GPU or a CPU profile, one at a time, both reachable as 'sidecar'", () => {
    expect(services["sidecar-gpu"].profiles).toEqual(["gpu"]);
    expect(services["sidecar-cpu"].profiles).toEqual(["cpu"]);
    expect(services.vllm.profiles).toEqual(["gpu"]);
    expect(services.app.depends_on?.postgres.condition).toBe("service_healthy");
    for (const optional of ["sidecar-gpu", "sidecar-cpu", "vllm"]) expect(services.app.depends_on?.[optional].required).toBe(false);
  });
});
