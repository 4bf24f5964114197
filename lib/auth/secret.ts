import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Config } from "@/lib/config/load";

let cached: string | undefined;

/**
 * AUTH_SECRET, or one generated on first use and kept in the data directory, so the embedded
 * demo signs sessions without setup and keeps them valid across restarts.
 */
export function authSecret(config: Config): string {
  if (config.AUTH_SECRET) return config.AUTH_SECRET;
  if (cached) return cached;
  const file = path.join(config.paths.data, "auth-secret");
  try {
    cached = readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(config.paths.data, { recursive: true });
    const secret = randomBytes(32).toString("hex");
    // "wx" fails if another process wrote it first; then theirs is the one to use.
    try {
      writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
      cached = secret;
    } catch {
      cached = readFileSync(file, "utf8").trim();
    }
  }
  return cached;
}
