import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { getConfig } from "@/lib/config/load";

export class DatabaseNotConfiguredError extends Error {
  constructor() {
    super("DATABASE_URL is not set: run `npm run demo` for an embedded PostgreSQL, or point DATABASE_URL at your server.");
    this.name = "DatabaseNotConfiguredError";
  }
}

export function createPrismaClient(connectionString: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, connectionTimeoutMillis: 5000 }) });
}

// One client per process; Next.js dev reloads modules, so it is kept on globalThis.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

export function getDb(): PrismaClient {
  if (globalForPrisma.prisma) return globalForPrisma.prisma;
  const url = getConfig().DATABASE_URL;
  if (!url) throw new DatabaseNotConfiguredError();
  globalForPrisma.prisma = createPrismaClient(url);
  return globalForPrisma.prisma;
}
