import { mkdtemp, cp, mkdir, writeFile, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { applyMigrations, DEFAULT_MIGRATIONS_DIR, MigrationError, migrationChecksum, readMigrations } from "@/lib/db/migrations";
import { dropDatabase, query, recreateDatabase } from "../support/databases";

const DB = "course_assistant_test_migrations";
let url: string;

beforeEach(async () => {
  url = await recreateDatabase(DB);
});
afterAll(() => dropDatabase(DB));

async function migrationsWith(extra: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "migrations-"));
  await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

const tableExists = async (table: string) =>
  (await query<{ exists: boolean }>(url, "SELECT to_regclass($1) IS NOT NULL AS exists", [`public."${table}"`]))[0].exists;

describe("applyMigrations", () => {
  it("applies every migration once and records it the way Prisma does", async () => {
    const local = await readMigrations();
    const first = await applyMigrations(url);
    expect(first.applied).toEqual(local.map((m) => m.name));
    expect(await tableExists("Course")).toBe(true);

    const second = await applyMigrations(url);
    expect(second).toEqual({ applied: [], alreadyApplied: local.map((m) => m.name), warnings: [] });

    const columns = await query<{ column_name: string; data_type: string; is_nullable: string }>(
      url,
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => `${c.column_name} ${c.data_type} ${c.is_nullable}`)).toEqual([
      "id character varying NO",
      "checksum character varying NO",
      "finished_at timestamp with time zone YES",
      "migration_name character varying NO",
      "logs text YES",
      "rolled_back_at timestamp with time zone YES",
      "started_at timestamp with time zone NO",
      "applied_steps_count integer NO",
    ]);
    const rows = await query<{ id: string; checksum: string; migration_name: string; finished_at: Date | null; applied_steps_count: number }>(
      url,
      `SELECT id, checksum, migration_name, finished_at, applied_steps_count FROM "_prisma_migrations"`,
    );
    expect(rows).toHaveLength(local.length);
    for (const row of rows) {
      const sql = await readFile(path.join(DEFAULT_MIGRATIONS_DIR, row.migration_name, "migration.sql"), "utf8");
      expect(row.checksum).toBe(migrationChecksum(sql));
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it("rolls back a failing migration completely and records nothing for it", async () => {
    const dir = await migrationsWith({
      "29990101000000_broken": `CREATE TABLE "HalfDone" ("id" TEXT);\nSELECT * FROM "NoSuchTable";\n`,
    });
    const failure = await applyMigrations(url, { dir }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as Error).message).toMatch(/29990101000000_broken failed and was rolled back: .*NoSuchTable/);
    expect(await tableExists("HalfDone")).toBe(false);
    expect(await tableExists("Course")).toBe(true);
    const names = await query<{ migration_name: string }>(url, `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(names.map((r) => r.migration_name)).toEqual((await readMigrations()).map((m) => m.name));
  });

  it("refuses to go on after a migration that Prisma recorded as started but not finished", async () => {
    await applyMigrations(url);
    await query(url, `INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ('00000000-0000-4000-8000-000000000000', 'x', '20990101000000_crashed')`);
    await expect(applyMigrations(url)).rejects.toThrow(/20990101000000_crashed started but did not finish.*migrate resolve/);
  });

  it("applies each migration once when two runners start together", async () => {
    const local = (await readMigrations()).map((m) => m.name);
    const [a, b] = await Promise.all([applyMigrations(url), applyMigrations(url)]);
    expect([...a.applied, ...b.applied].sort()).toEqual(local);
    const rows = await query<{ count: string }>(url, `SELECT count(*) FROM "_prisma_migrations"`);
    expect(Number(rows[0].count)).toBe(local.length);
  });

  it("warns about an applied migration whose file was edited afterwards", async () => {
    const dir = await migrationsWith({});
    await applyMigrations(url, { dir });
    const file = path.join(dir, "20261121000000_init", "migration.sql");
    await writeFile(file, `${await readFile(file, "utf8")}\n-- edited\n`);
    const result = await applyMigrations(url, { dir });
    expect(result.warnings).toEqual(["Migration 20261121000000_init was edited after it was applied (checksum differs)."]);
  });
});
