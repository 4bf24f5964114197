import { spawn } from "node:child_process";
import path from "node:path";

const PRISMA_WRAPPER = path.resolve(import.meta.dirname, "../prisma.mjs");
const PRISMA_BIN_DIR = path.resolve(import.meta.dirname, "../../node_modules/.bin");

/** Runs the Prisma CLI (offline-capable wrapper) and returns its stdout; rejects with its stderr. */
export function prisma(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PRISMA_WRAPPER, ...args], {
      env: { ...process.env, PATH: `${PRISMA_BIN_DIR}${path.delimiter}${process.env.PATH ?? ""}` },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`prisma ${args.join(" ")} failed (${code}):\n${stderr.trim()}`)),
    );
  });
}

/** The SQL that creates a schema from nothing, rendered by Prisma's own (WASM) schema engine. */
export function schemaToSql(schemaPath: string): Promise<string> {
  return prisma(["migrate", "diff", "--from-empty", "--to-schema-datamodel", schemaPath, "--script"]);
}
