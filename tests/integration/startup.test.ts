import { once } from "node:events";
import { chmod, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closedPort } from "../support/http-stub";
import { runScript, startScript } from "../support/scripts";

describe("a wrong setting stops start-up with a message naming it", () => {
  it.each([
    ["scripts/demo.ts", { LLM_PROVIDER: "foo" }, /LLM_PROVIDER must be one of none, local, vllm, gemini, openai \(got "foo"\)/],
    ["scripts/demo.ts", { DATABASE_URL: "mysql://root@localhost/app" }, /DATABASE_URL must be a PostgreSQL URL/],
    ["scripts/start.ts", { DATABASE_URL: "postgresql://db:5432" }, /DATABASE_URL must be a PostgreSQL URL/],
    ["scripts/start.ts", { VECTOR_STORE: "qdrant" }, /QDRANT_URL is required when VECTOR_STORE=qdrant/],
    ["scripts/migrate.ts", { PORT: "eighty" }, /PORT must be a number/],
  ])("%s with %o", async (script, env, expected) => {
    const result = await runScript(script, [], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(expected);
    expect(result.stderr).toContain("See .env.example");
    expect(result.stdout).not.toContain("running at");
  });

  it("the production start needs DATABASE_URL", async () => {
    const result = await runScript("scripts/start.ts");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("DATABASE_URL is not set");
  });
});

describe("npm run demo on embedded defaults", () => {
  const children: ReturnType<typeof startScript>[] = [];
  afterAll(() => children.forEach((child) => child.kill("SIGKILL")));

  it("starts PostgreSQL, migrates, seeds, serves the Russian home page and stops cleanly on Ctrl-C", { timeout: 240_000 }, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "demo-"));
    // The embedded server runs as the unprivileged "postgres" user when the tests run as root.
    await chmod(dataDir, 0o777);
    const port = await closedPort();
    // The worker process is covered by the e2e suite, which runs the demo with it.
    const demo = startScript("scripts/demo.ts", [], { DATA_DIR: dataDir, PORT: String(port), INGEST_WORKER: "false" });
    children.push(demo);
    let output = "";
    demo.stderr!.on("data", (chunk: Buffer) => (output += chunk));
    await new Promise<void>((resolve, reject) => {
      demo.stdout!.on("data", (chunk: Buffer) => {
        output += chunk;
        if (output.includes("Press Ctrl-C")) resolve();
      });
      demo.once("exit", (code) => reject(new Error(`demo exited early (${code}):\n${output}`)));
      setTimeout(() => reject(new Error(`demo was not ready within 120 s:\n${output}`)), 120_000);
    });
    const databaseUrl = /Embedded PostgreSQL is running: (\S+)/.exec(output)?.[1];
    expect(databaseUrl).toMatch(/^postgresql:\/\/postgres:postgres@127\.0\.0\.1:\d+\/course_assistant$/);
    expect(output).toContain(`running at http://localhost:${port}`);

    const home = await fetch(`http://127.0.0.1:${port}/`);
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('<html lang="ru"');
    expect(html).toContain("Ассистент курса");
    expect(html).toContain("Основы программирования на Python");

    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
    // Anyone learns only up or down; "up" needs the database.
    expect(["ok", "degraded"]).toContain((await health.json()).status);

    demo.kill("SIGINT");
    const [code] = await Promise.race([
      once(demo, "exit"),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`demo did not stop within 30 s:\n${output}`)), 30_000)),
    ]);
    expect(code).toBe(0);
    expect(output).toContain("[demo] Stopped.");
    const pgPort = Number(new URL(databaseUrl!).port);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    const { Client } = (await import("pg")).default;
    await expect(new Client({ connectionString: databaseUrl, port: pgPort }).connect()).rejects.toThrow(/ECONNREFUSED/);
  });
});
