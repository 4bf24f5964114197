import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { createPrismaClient } from "@/lib/db/client";
import { runScript } from "../support/scripts";

const databaseUrl = inject("databaseUrl");
const db = createPrismaClient(databaseUrl);
const stamp = Date.now();
const slug = `admin-create-${stamp}`;
const run = (args: string[], env: Record<string, string> = {}) => runScript("scripts/admin-create.ts", args, { DATABASE_URL: databaseUrl, ...env });

beforeAll(() => db.course.create({ data: { slug, title: "Курс для проверки" } }));
afterAll(async () => {
  await db.course.deleteMany({ where: { slug } });
  await db.$disconnect();
});

describe("npm run admin:create", () => {
  it("creates an admin with a bcrypt hash, and updates the same e-mail into staff of a course", async () => {
    const email = `Admin-${stamp}@Uni.ru`;
    const created = await run(["--email", email, "--password", "a-long-password-1", "--name", "Ирина"]);
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Admin admin-\d+@uni\.ru is ready \(every course\)/);
    const admin = await db.user.findUniqueOrThrow({ where: { email: email.toLowerCase() } });
    expect(admin).toMatchObject({ role: "ADMIN", name: "Ирина" });
    expect(await verifyPassword("a-long-password-1", admin.passwordHash!)).toBe(true);

    const updated = await run(["--email", email, "--role", "staff", "--course", slug], { ADMIN_PASSWORD: "another-long-password" });
    expect(updated.code).toBe(0);
    const staff = await db.user.findUniqueOrThrow({ where: { email: email.toLowerCase() }, include: { staffCourses: { include: { course: true } } } });
    expect(staff.role).toBe("STAFF");
    expect(staff.staffCourses.map((c) => c.course.slug)).toEqual([slug]);
    expect(await verifyPassword("another-long-password", staff.passwordHash!)).toBe(true);
  });

  it("refuses a short password, a bad e-mail, an unknown course and a missing database with a message", async () => {
    const short = await run(["--email", `x-${stamp}@uni.ru`, "--password", "short"]);
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/password must be at least 10 characters/);
    const email = await run(["--email", "not-an-email", "--password", "a-long-password-1"]);
    expect(email.stderr).toMatch(/email must be an e-mail address/);
    const course = await run(["--email", `y-${stamp}@uni.ru`, "--password", "a-long-password-1", "--role", "staff", "--course", "no-such-course"]);
    expect(course.code).toBe(1);
    expect(course.stderr).toMatch(/Unknown course\(s\): no-such-course/);
    expect(await db.user.count({ where: { email: { in: [`x-${stamp}@uni.ru`, `y-${stamp}@uni.ru`] } } })).toBe(0);
    const noDatabase = await runScript("scripts/admin-create.ts", ["--email", `z-${stamp}@uni.ru`, "--password", "a-long-password-1"]);
    expect(noDatabase.code).toBe(1);
    expect(noDatabase.stderr).toMatch(/DATABASE_URL is not set/);
  });
});
