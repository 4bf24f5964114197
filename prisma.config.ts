import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const paths = { schema: "prisma/schema.prisma", migrations: { path: "prisma/migrations" } };

// The JS engine with the pg adapter works where Prisma's native engines cannot be downloaded
// (generate and `migrate diff --from-empty`). PRISMA_CLASSIC_ENGINE=1 switches the CLI to the
// native schema engine, for `prisma migrate deploy`/`status` on hosts with internet access.
export default defineConfig(
  process.env.PRISMA_CLASSIC_ENGINE === "1"
    ? { ...paths, engine: "classic", datasource: { url } }
    : {
        ...paths,
        engine: "js",
        experimental: { adapter: true },
        adapter: async () => new PrismaPg({ connectionString: url }),
      },
);
