import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const NEXT_BIN = path.resolve("node_modules/next/dist/bin/next");
const SOURCES = ["app", "components", "lib", "public", "next.config.ts", "proxy.ts", "package-lock.json", "postcss.config.mjs"];
const SKIP = new Set(["generated", "node_modules"]);

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry)
    .filter((name) => !SKIP.has(name))
    .reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name))), stat.mtimeMs);
}

/** True when there is no production build, or a source file changed since it was made. */
export function buildIsStale(): boolean {
  const buildId = path.resolve(".next/BUILD_ID");
  if (!existsSync(buildId)) return true;
  const builtAt = statSync(buildId).mtimeMs;
  return SOURCES.some((source) => newestMtime(source) > builtAt);
}

function runNext(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [NEXT_BIN, ...args], {
    stdio: "inherit",
    env: { NEXT_TELEMETRY_DISABLED: "1", ...env },
  });
}

export function exitCodeOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

export async function buildApp(env: NodeJS.ProcessEnv): Promise<void> {
  const code = await exitCodeOf(runNext(["build"], env));
  if (code !== 0) throw new Error(`next build failed with exit code ${code}`);
}

/** Polls url until it answers (any HTTP status) or the child process exits. */
export async function waitForHttp(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode} before it was ready`);
    const answered = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      async (response) => (await response.body?.cancel(), true),
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The server did not answer at ${url} within ${timeoutMs / 1000} s`);
}

/** The built app's HTTP server (scripts/app-server.ts) on PORT and HOST from env. */
export function runAppServer(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", path.resolve("scripts/app-server.ts")], {
    stdio: "inherit",
    env: { NEXT_TELEMETRY_DISABLED: "1", ...env, NODE_ENV: "production" },
  });
}

/** The ingestion worker process (scripts/worker.ts) beside the app server. */
export function runWorker(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", path.resolve("scripts/worker.ts")], { stdio: "inherit", env });
}
