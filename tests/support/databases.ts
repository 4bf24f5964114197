import pg from "pg";

/** A PostgreSQL server the tests may create databases on (CI: the machine's own, trust auth). */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

// Lets two checkouts run their tests side by side on one server without sharing databases.
const SUFFIX = process.env.TEST_DATABASE_SUFFIX ?? "";

function physicalName(name: string): string {
  return `${name}${SUFFIX}`;
}

export function databaseUrl(name: string): string {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${physicalName(name)}`;
  return url.toString();
}

async function onServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Drops (closing its connections) and creates an empty database; returns its URL. */
export async function recreateDatabase(name: string): Promise<string> {
  await onServer(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${physicalName(name)}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${physicalName(name)}"`);
  });
  return databaseUrl(name);
}

export async function dropDatabase(name: string): Promise<void> {
  await onServer((client) => client.query(`DROP DATABASE IF EXISTS "${physicalName(name)}" WITH (FORCE)`));
}

export async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
