import { existsSync } from "node:fs";

/**
 * Loads .env.local then .env (as Next.js does) into process.env without overriding variables
 * already set, so scripts validate exactly the settings the Next.js server will see.
 */
export function loadEnvFiles(): void {
  for (const file of [".env.local", ".env"]) {
    if (existsSync(file)) process.loadEnvFile(file);
  }
}
