import { createPrismaClient } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrations";
import { seedDemoCourse } from "@/lib/db/seed-demo";
import { ensureDemoAdmin } from "@/lib/db/seed-demo-admin";
import { configOrExit, run } from "./lib/cli";
import { ensureDatabase } from "./lib/database";
import { startEmbeddedPostgres, type RunningPostgres } from "./lib/embedded-postgres";
import { startLocalEmbedder } from "./lib/local-embedder";
import { buildApp, buildIsStale, exitCodeOf, runAppServer, runWorker, waitForHttp } from "./lib/next-app";

const DEMO_DATABASE = "course_assistant";
const log = (line: string) => console.log(`[demo] ${line}`);

// One command for a working app: the sidecar (its embedding and chat models downloaded on first run),
// PostgreSQL (embedded unless DATABASE_URL is set), migrations, the demo course, a production build
// when needed, and the server; Ctrl-C stops all of it.
run(async () => {
  // Unless told otherwise, the demo answers with a small model of its own, run by the sidecar
  // (downloaded on first run), and gives it the time a CPU needs to read a prompt.
  const config = configOrExit((env): Record<string, string> => (env.LLM_PROVIDER ? {} : { LLM_PROVIDER: "local", LLM_TIMEOUT_MS: "180000" }));
  if (config.LLM_PROVIDER !== "local") log(`Answers: ${config.LLM_PROVIDER === "none" ? "quotes from the materials (LLM_PROVIDER=none)" : `${config.LLM_PROVIDER}, ${config.LLM_MODEL}`}.`);
  // First, so that a missing model downloads while the database, the build and the server start.
  const embedder = await startLocalEmbedder(config, log);
  let postgres: RunningPostgres | undefined;
  const stopPostgres = async () => {
    await postgres?.stop();
    postgres = undefined;
  };

  try {
    let databaseUrl = config.DATABASE_URL;
    if (!databaseUrl) {
      postgres = await startEmbeddedPostgres(config.paths.embeddedPostgres, log);
      databaseUrl = postgres.url(DEMO_DATABASE);
      log(`Embedded PostgreSQL is running: ${databaseUrl}`);
    }
    if (await ensureDatabase(databaseUrl)) log(`Created database ${new URL(databaseUrl).pathname.slice(1)}`);
    await applyMigrations(databaseUrl, { log });
    const db = createPrismaClient(databaseUrl);
    const seedAll = async () => ({ seeded: await seedDemoCourse(db, config), admin: await ensureDemoAdmin(db, config.paths.data) });
    const { seeded, admin } = await seedAll().finally(() => db.$disconnect());
    log(`Demo course "${seeded.slug}" is ready (${seeded.documentsCreated} new document(s), ${seeded.entriesCreated} new entries).`);

    const env = { ...process.env, DATABASE_URL: databaseUrl };
    if (buildIsStale()) {
      log("Building the app (first run or sources changed) ...");
      await buildApp(env);
    }
    const server = runAppServer({ ...env, PORT: String(config.PORT), HOST: config.HOST });
    const worker = config.INGEST_WORKER ? runWorker(env) : undefined;
    const children = [server, worker].filter((child) => child !== undefined);

    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      log(`${signal}: stopping ...`);
      children.forEach((child) => child.kill("SIGTERM"));
      void embedder.stop();
      // A child that ignores SIGTERM must not keep the demo (and its database) running.
      setTimeout(() => children.forEach((child) => child.exitCode === null && child.kill("SIGKILL")), 10_000).unref();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);

    await waitForHttp(`http://127.0.0.1:${config.PORT}/api/health`, server);
    console.log(
      [
        "",
        `  Course assistant is running at ${config.appUrl}`,
        `  Health: ${config.appUrl}/api/health`,
        "  Students need no sign-in: open the address and pick the demo course.",
        admin
          ? `  Admin console: ${config.appUrl}/admin (${admin.email}, password ${admin.password})`
          : `  Admin console: ${config.appUrl}/admin (npm run admin:create makes an account)`,
        "  Press Ctrl-C to stop the app and its database.",
        "",
      ].join("\n"),
    );

    // Whichever stops first (Ctrl-C, or a crash), the other follows, then the database.
    const code = await Promise.race(children.map(exitCodeOf));
    const crashed = !stopping;
    stop("SIGTERM");
    await Promise.all([...children.map(exitCodeOf), embedder.stop()]);
    await stopPostgres();
    if (crashed) throw new Error(`The app server or ingestion worker exited unexpectedly with code ${code}`);
    log("Stopped.");
  } catch (error) {
    await embedder.stop();
    await stopPostgres();
    throw error;
  }
});
