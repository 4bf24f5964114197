import { ConfigError, parseConfig, type Config } from "@/lib/config/load";
import { loadEnvFiles } from "./env-files";

/**
 * Loads and validates the configuration, or exits with a message naming every bad setting.
 * `defaults` (given the environment after the .env files) fills variables still unset, for the
 * children too.
 */
export function configOrExit(defaults: (env: NodeJS.ProcessEnv) => Record<string, string> = () => ({})): Config {
  loadEnvFiles();
  for (const [key, value] of Object.entries(defaults(process.env))) if (!process.env[key]) process.env[key] = value;
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

export function databaseUrlOrExit(config: Config): string {
  if (config.DATABASE_URL) return config.DATABASE_URL;
  console.error("DATABASE_URL is not set. Set it to your PostgreSQL server, or use `npm run demo` for an embedded one.");
  process.exit(1);
}

/** Runs main and turns an unexpected failure into a readable message and exit code 1. */
export function run(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? `Error: ${error.message}` : error);
    process.exit(1);
  });
}
