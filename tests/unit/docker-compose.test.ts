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
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string; required?: boolean }>;
};
const compose = parse(readFileSync("docker-compose.yml", "utf8")) as { services: Record<string, Service> };
const services = compose.services;

describe("docker-compose.yml", () => {
  it("has the production stack with a health check on every service", () => {
    expect(Object.keys(services).sort()).toEqual(["app", "app-1", "app-2", "grafana", "postgres", "prometheus", "proxy", "qdrant", "sidecar-cpu", "sidecar-gpu", "vllm", "worker"]);
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

  it("lets either sidecar serve the local chat model from the mounted models folder (LLM_PROVIDER=local)", () => {
    for (const name of ["sidecar-gpu", "sidecar-cpu"]) {
      expect(services[name].environment?.SIDECAR_CHAT_MODEL_PATH, name).toBe("${SIDECAR_CHAT_MODEL_PATH:-}");
      expect(services[name].volumes, name).toContain("./gpu-sidecar/models:/models:ro");
    }
  });

  describe("cluster profile", () => {
    // Compose resolves YAML merge keys (<<); the default YAML 1.2 schema of the parser does not.
    const merged = (parse(readFileSync("docker-compose.yml", "utf8"), { merge: true }) as { services: Record<string, Service & { command?: string[]; deploy?: { replicas: number } }> }).services;
    const nginx = readFileSync("deploy/nginx-cluster.conf", "utf8");

    it("runs two app instances without workers, trusting one proxy hop, and workers of their own", () => {
      for (const name of ["app-1", "app-2", "worker", "proxy"]) expect(merged[name].profiles, name).toEqual(["cluster"]);
      for (const name of ["app-1", "app-2"]) {
        expect(merged[name].environment).toMatchObject({ ...merged.app.environment, INGEST_WORKER: "false", TRUSTED_PROXY_HOPS: "1" });
        expect(merged[name].ports ?? [], "reached through the proxy only").toEqual([]);
        expect(merged[name].volumes).toEqual(merged.app.volumes);
      }
      expect(merged.worker).toMatchObject({ command: ["npm", "run", "worker"], deploy: { replicas: 2 }, environment: merged.app.environment });
      const known = new Set(Object.keys(envSchema.shape));
      expect(Object.keys(merged["app-1"].environment ?? {}).filter((key) => !known.has(key))).toEqual([]);
    });

    it("balances over both instances with nginx, appending the client to X-Forwarded-For and streaming answers unbuffered", () => {
      expect(merged.proxy.volumes).toEqual(["./deploy/nginx-cluster.conf:/etc/nginx/conf.d/default.conf:ro"]);
      expect(merged.proxy.ports).toEqual(["${CLUSTER_PORT:-8080}:80"]);
      expect(nginx).toMatch(/server app-1:3000/);
      expect(nginx).toMatch(/server app-2:3000/);
      expect(nginx).toMatch(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
      expect(nginx).toMatch(/proxy_buffering off;/);
    });
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

    it("publishes Prometheus, which has no sign-in, on this host only", () => {
      expect(services.prometheus.ports?.length).toBeGreaterThan(0);
      for (const port of services.prometheus.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
    });

    it("never starts Grafana with admin/admin, anonymous access or sign-up", () => {
      const env = services.grafana.environment ?? {};
      expect(env.GF_SECURITY_ADMIN_PASSWORD).toBe("${GRAFANA_ADMIN_PASSWORD:-}");
      expect(env).toMatchObject({ GF_AUTH_ANONYMOUS_ENABLED: "false", GF_USERS_ALLOW_SIGN_UP: "false" });
      // Checked in the container, so a plain `docker compose up` without the profile needs neither variable.
      expect(services.grafana.command?.join(" ")).toMatch(/case "\$\$GF_SECURITY_ADMIN_PASSWORD" in ""\|admin\).*exit 1;;.*exec \/run\.sh$/);
      expect(services.prometheus.command?.join(" ")).toMatch(/^\[ -n "\$\$METRICS_TOKEN" \] \|\| \{.*exit 1; \}/);
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
