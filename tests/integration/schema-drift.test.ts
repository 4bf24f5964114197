import { cp, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "@/lib/db/migrations";
import { schemaToSql } from "../../scripts/lib/prisma-cli";
import { dropDatabase, query, recreateDatabase } from "../support/databases";
import { runScript } from "../support/scripts";
import { schemaSnapshot, snapshotDifferences } from "../support/schema-snapshot";

const MIGRATED = "course_assistant_test_drift_migrated";
const RENDERED = "course_assistant_test_drift_rendered";
const SCHEMA = path.resolve("prisma/schema.prisma");

/** A database built straight from a schema file by Prisma's engine, without migrations. */
async function databaseFromSchema(name: string, schemaPath: string): Promise<string> {
  const url = await recreateDatabase(name);
  await query(url, await schemaToSql(schemaPath));
  return url;
}

let migratedSnapshot: Record<string, string[]>;
let editedSchema: string;
let editedSnapshot: Record<string, string[]>;

beforeAll(async () => {
  const url = await recreateDatabase(MIGRATED);
  await applyMigrations(url);
  migratedSnapshot = await schemaSnapshot(url);
});
afterAll(async () => {
  await dropDatabase(MIGRATED);
  await dropDatabase(RENDERED);
});

describe("migrations and schema.prisma", () => {
  it("produce the same database (no drift)", async () => {
    const rendered = await schemaSnapshot(await databaseFromSchema(RENDERED, SCHEMA));
    expect(migratedSnapshot.columns.length).toBeGreaterThan(50);
    expect(snapshotDifferences(migratedSnapshot, rendered)).toEqual([]);
  });

  it("the check reports a schema edited without a migration", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "schema-"));
    await cp(path.dirname(SCHEMA), dir, { recursive: true });
    editedSchema = path.join(dir, "schema.prisma");
    const source = await readFile(SCHEMA, "utf8");
    await writeFile(editedSchema, source.replace(/(model Course \{\n)/, "$1  credits      Int       @default(3)\n"));
    editedSnapshot = await schemaSnapshot(await databaseFromSchema(RENDERED, editedSchema));
    expect(snapshotDifferences(migratedSnapshot, editedSnapshot)).toEqual(["+ columns: Course.credits integer not null default=3"]);
  });

  it("db:migration:new turns that edit into a migration that removes the drift", async () => {
    const migrations = path.join(path.dirname(editedSchema), "migrations");
    const args = ["--schema", editedSchema, "--migrations", migrations];
    const folderNames = async () => (await readdir(migrations, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    const before = await folderNames();
    const created = await runScript("scripts/new-migration.ts", [...args, "add_course_credits"]);
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    const folders = await folderNames();
    expect(folders).toHaveLength(before.length + 1);
    expect(folders.at(-1)).toMatch(/^\d{14}_add_course_credits$/);
    const sql = await readFile(path.join(migrations, folders.at(-1)!, "migration.sql"), "utf8");
    expect(sql).toContain(`ALTER TABLE "Course" ADD COLUMN     "credits" INTEGER NOT NULL DEFAULT 3;`);

    const url = await recreateDatabase(RENDERED);
    await applyMigrations(url, { dir: migrations });
    expect(snapshotDifferences(await schemaSnapshot(url), editedSnapshot)).toEqual([]);

    const again = await runScript("scripts/new-migration.ts", [...args, "nothing_new"]);
    expect(again.stdout).toContain("No schema changes");
    expect(await readdir(migrations)).toHaveLength(folders.length + 1);
  });
});
