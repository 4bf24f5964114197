import { copyFile, mkdir, readdir, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { prisma } from "./lib/prisma-cli";
import { run } from "./lib/cli";

// `prisma migrate dev` needs a shadow database through the native engine, which cannot be
// downloaded everywhere. Each migration folder therefore keeps the schema it was made from
// (schema.prisma); a new migration is the datamodel diff from the latest snapshot to the
// current schema, rendered offline by Prisma's WASM engine.
const SNAPSHOT = "schema.prisma";

run(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      schema: { type: "string", default: "prisma/schema.prisma" },
      migrations: { type: "string", default: "prisma/migrations" },
    },
  });
  const name = positionals[0];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error("Usage: npm run db:migration:new -- <name_in_snake_case>");
    process.exit(2);
  }
  const folders = (await readdir(values.migrations, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const latest = folders.at(-1);
  const from = latest ? path.join(values.migrations, latest, SNAPSHOT) : undefined;
  if (from && !existsSync(from)) throw new Error(`${from} is missing: every migration folder keeps its schema snapshot.`);

  const sql = await prisma([
    "migrate",
    "diff",
    ...(from ? ["--from-schema-datamodel", from] : ["--from-empty"]),
    "--to-schema-datamodel",
    values.schema,
    "--script",
  ]);
  if (!/^\s*[A-Z]/m.test(sql.replace(/^--.*$/gm, ""))) {
    console.log("No schema changes since the latest migration; nothing to do.");
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const folder = path.join(values.migrations, `${stamp}_${name}`);
  await mkdir(folder);
  await writeFile(path.join(folder, "migration.sql"), sql);
  await copyFile(values.schema, path.join(folder, SNAPSHOT));
  console.log(`Created ${path.join(folder, "migration.sql")}. Review it, then run \`npm run db:migrate\`.`);
});
