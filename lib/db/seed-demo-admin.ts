import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { upsertStaffUser } from "@/lib/auth/staff-users";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export const DEMO_ADMIN_EMAIL = "admin@demo.local";

/**
 * Gives the demo a working admin sign-in: on first run an admin with a random password, kept in
 * the data directory so the demo can print it on every start. Never touches an existing admin.
 */
export async function ensureDemoAdmin(db: PrismaClient, dataDir: string): Promise<{ email: string; password: string } | null> {
  const file = path.join(dataDir, "demo-admin-password");
  const saved = await readFile(file, "utf8").then((text) => text.trim(), () => null);
  if (saved) return { email: DEMO_ADMIN_EMAIL, password: saved };
  if ((await db.user.count({ where: { role: "ADMIN" } })) > 0) return null;
  const password = randomBytes(9).toString("base64url");
  await upsertStaffUser(db, { email: DEMO_ADMIN_EMAIL, password, name: "Demo admin", role: "ADMIN" });
  await writeFile(file, password, { mode: 0o600 });
  return { email: DEMO_ADMIN_EMAIL, password };
}
