import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { envSchema } from "@/lib/config/schema";
import { createMetrics } from "@/lib/metrics/registry";

type Service = {
  profiles?: string[];
  build?: { context: string; dockerfile: string; target?: string } | string;
  environment?: Record<string, string>;
  command?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string; required?: boolean }>;
};
const compose = parse(readFileSync("docker-compose.yml", "utf8")) as { services: Record<string, Service> };
const services = compose.services;

describe("docker-compose.yml", () => {
  it("has the production stack with a health check on every service", () => {
    expect(Object.keys(services).sort()).toEqual(["app", "grafana", "postgres", "prometheus", "qdrant", "sidecar-cpu", "sidecar-gpu", "vllm"]);
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

  describe("monitoring profile", () => {
    type ScrapeConfig = { metrics_path: string; authorization: { type: string; credentials_file: string }; static_configs: { targets: string[] }[] };
    const prometheus = parse(readFileSync("monitoring/prometheus/prometheus.yml", "utf8")) as { scrape_configs: ScrapeConfig[] };
    const mountedFiles = (service: Service) => (service.volumes ?? []).map((volume) => volume.split(":")[0]).filter((source) => source.startsWith("./"));

    it("runs Prometheus and Grafana only with --profile monitoring, from config files that exist", () => {
      expect(services.prometheus.profiles).toEqual(["monitoring"]);
      expect(services.grafana.profiles).toEqual(["monitoring"]);
      expect(services.grafana.depends_on?.prometheus.condition).toBe("service_healthy");
      for (const source of [...mountedFiles(services.prometheus), ...mountedFiles(services.grafana)]) expect(existsSync(source), source).toBe(true);
    });

    it("scrapes the app's /api/metrics with METRICS_TOKEN as the bearer token", () => {
      const [scrape] = prometheus.scrape_configs;
      expect(scrape).toMatchObject({ metrics_path: "/api/metrics", authorization: { type: "Bearer" }, static_configs: [{ targets: ["app:3000"] }] });
      expect(services.prometheus.environment?.METRICS_TOKEN).toBe("${METRICS_TOKEN:-}");
      expect(services.prometheus.command?.join(" ")).toContain(`> ${scrape.authorization.credentials_file}`);
      expect(Object.keys(envSchema.shape)).toContain("METRICS_TOKEN");
    });

    it("provisions Grafana with the Prometheus data source and a dashboard that only queries metrics the app exports", async () => {
      const datasources = parse(readFileSync("monitoring/grafana/provisioning/datasources/prometheus.yml", "utf8")) as { datasources: { uid: string; url: string }[] };
      expect(datasources.datasources).toEqual([expect.objectContaining({ uid: "prometheus", url: "http://prometheus:9090" })]);
      const dashboard = JSON.parse(readFileSync("monitoring/grafana/dashboards/course-assistant.json", "utf8")) as {
        panels: { datasource: { uid: string }; targets: { expr: string }[] }[];
      };
      const exported = new Set((await createMetrics(async () => ({ queued: 0, running: 0, failed: 0 })).registry.getMetricsAsJSON()).map((metric) => metric.name));
      const queried = dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr));
      expect(dashboard.panels.every((panel) => panel.datasource.uid === "prometheus")).toBe(true);
      // Histograms are queried through their _bucket series.
      const names = queried.flatMap((expr) => [...expr.matchAll(/\b([a-z_]+_(?:total|seconds|bytes|bucket)|ingestion_jobs)\b/g)].map((m) => m[1].replace(/_bucket$/, "")));
      expect(names.length).toBeGreaterThanOrEqual(10);
      expect(names.filter((name) => !exported.has(name))).toEqual([]);
    });
  });
});
