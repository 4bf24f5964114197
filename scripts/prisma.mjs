#!/usr/bin/env node
// Runs the Prisma CLI without native engines: the project uses the JS query engine and the
// WASM schema engine, and the CLI would otherwise try to download binaries it never uses.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const placeholder = fileURLToPath(new URL("../prisma/offline-engine.placeholder", import.meta.url));
const result = spawnSync("prisma", process.argv.slice(2), {
  stdio: "inherit",
  shell: process.platform === "win32",
  env: {
    PRISMA_SCHEMA_ENGINE_BINARY: placeholder,
    PRISMA_QUERY_ENGINE_LIBRARY: placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    ...process.env,
  },
});
process.exit(result.status ?? 1);
