import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { encode } from "next-auth/jwt";
import { hashPassword } from "../../lib/auth/password";
import { databaseUrl, query } from "../../tests/support/databases";
import { E2E_AUTH_SECRET } from "../../playwright.config";

export const E2E_DATABASE_URL = databaseUrl("course_assistant_e2e");
export const SESSION_COOKIE = "next-auth.session-token";

/** Queries the main e2e server's database, or another server's when `database` names it. */
export const sql = <T extends Record<string, unknown>>(text: string, params: unknown[] = [], database = E2E_DATABASE_URL) =>
  query<T>(database, text, params);

/** The admin the demo created on first start, with the password it printed. */
export async function demoAdmin(): Promise<{ email: string; password: string }> {
  return { email: "admin@demo.local", password: (await readFile(".data/e2e/demo-admin-password", "utf8")).trim() };
}

export async function createUser(role: "ADMIN" | "STAFF" | "STUDENT", options: { password?: string; courseIds?: string[]; database?: string } = {}) {
  const email = `${role.toLowerCase()}-${randomBytes(4).toString("hex")}@e2e.test`;
  const [user] = await sql<{ id: string }>(
    `INSERT INTO "User" (id, email, role, "passwordHash", "updatedAt") VALUES ($1, $2, $3, $4, now()) RETURNING id`,
    [`e2e_${randomBytes(8).toString("hex")}`, email, role, options.password ? await hashPassword(options.password) : null],
    options.database,
  );
  for (const courseId of options.courseIds ?? []) {
    await sql(`INSERT INTO "StaffCourse" ("userId", "courseId") VALUES ($1, $2)`, [user.id, courseId], options.database);
  }
  return { id: user.id, email };
}

/** A signed session cookie for a user, as next-auth would set after sign-in, backed by a database session. */
export async function sessionCookie(userId: string, database = E2E_DATABASE_URL): Promise<string> {
  const sessionToken = randomBytes(32).toString("base64url");
  await sql(`INSERT INTO "Session" (id, "sessionToken", "userId", expires) VALUES ($1, $2, $3, now() + interval '1 hour')`, [
    `e2e_${randomBytes(8).toString("hex")}`,
    sessionToken,
    userId,
  ], database);
  return encode({ token: { sid: sessionToken }, secret: E2E_AUTH_SECRET });
}
