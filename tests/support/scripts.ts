import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const TSX = path.resolve("node_modules/.bin/tsx");

/**
 * Environment for a child script: this process's, minus the app's own settings, plus overrides.
 * Start commands do not start an embedding sidecar (nor fetch its model) unless a test asks.
 */
function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", EMBEDDINGS_SIDECAR_AUTOSTART: "false" };
  for (const key of ["DATABASE_URL", "LLM_PROVIDER", "PORT", "DATA_DIR"]) delete env[key];
  return Object.assign(env, overrides);
}

export function startScript(script: string, args: string[] = [], env: Record<string, string> = {}): ChildProcess {
  return spawn(TSX, [script, ...args], { env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
}

/** Runs a project script to completion and collects its output. */
export function runScript(
  script: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = startScript(script, args, env);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}
