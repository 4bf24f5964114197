import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import type { CredentialsConfig } from "next-auth/providers/credentials";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateStaffMember } from "@/lib/admin/staff";
import { sessionHolderFromCookies } from "@/lib/auth/guard";
import { openSession } from "@/lib/auth/sessions";
import type { StaffIdentity } from "@/lib/auth/staff";
import { upsertStaffUser } from "@/lib/auth/staff-users";
import { createPrismaClient } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrations";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { HttpError } from "@/lib/http/errors";
import { dropDatabase, recreateDatabase } from "../../support/databases";
import { statusOf } from "../../support/http-errors";

// The staff API as the console calls it: the real route handlers and signed session cookies, on a
// database of its own, so "the last enabled administrator" means the admins this file creates.
const DATABASE = "course_assistant_staff_users";
const AUTH_SECRET = "staff-users-test-secret-0123456789abcdef";
const PASSWORD = "correct horse battery";
let db: PrismaClient;

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;
type UserParams = { userId: string };
let routes: {
  staff: { GET: Handler<Record<string, never>>; POST: Handler<Record<string, never>> };
  member: { PATCH: Handler<UserParams> };
  revoke: { POST: Handler<UserParams> };
  courses: { GET: Handler<Record<string, never>> };
};
let authorize: CredentialsConfig["authorize"];

type Member = { id: string; email: string; role: string; disabled: boolean; activeSessions: number; lastSignInAt: string | null; courses: { slug: string }[] };
type Answer = { status: number; body: { member?: Member; staff?: Member[]; error?: { code: string; message: string } } };

async function call<P>(handler: Handler<P>, params: P, init: { method?: string; body?: unknown; raw?: string; as: string | null }): Promise<Answer> {
  const request = new Request("http://app.test/api/admin/staff", {
    method: init.method ?? "GET",
    headers: { "content-type": "application/json", ...(init.as ? { cookie: `next-auth.session-token=${init.as}` } : {}) },
    body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const response = await handler(request, { params: Promise.resolve(params) });
  return { status: response.status, body: await response.json() };
}

const none = {} as Record<string, never>;
const cookieFor = async (userId: string) => encode({ token: { sid: await openSession(db, userId, 1) }, secret: AUTH_SECRET });
const holderOf = (cookie: string) => sessionHolderFromCookies((name) => (name === "next-auth.session-token" ? cookie : undefined));
const signIn = (email: string, password = PASSWORD) => authorize({ email, password }, { headers: {}, body: {}, query: {}, method: "POST" });
const identityOf = (user: { id: string; email: string | null }): StaffIdentity => ({ role: "ADMIN", userId: user.id, email: user.email!, name: null, courseIds: [] });

let seq = 0;
async function user(role: "ADMIN" | "STAFF", courses: string[] = []) {
  return upsertStaffUser(db, { email: `${role.toLowerCase()}-${++seq}@uni.ru`, password: PASSWORD, role, courses });
}

let admin: Awaited<ReturnType<typeof user>>;
let adminCookie: string;
let staffCookie: string;

beforeAll(async () => {
  const url = await recreateDatabase(DATABASE);
  await applyMigrations(url);
  db = createPrismaClient(url);
  // The routes read their settings from the environment, as in production.
  Object.assign(process.env, { DATABASE_URL: url, DATA_DIR: await mkdtemp(path.join(tmpdir(), "staff-users-")), AUTH_SECRET });
  routes = {
    staff: await import("@/app/api/admin/staff/route"),
    member: await import("@/app/api/admin/staff/[userId]/route"),
    revoke: await import("@/app/api/admin/staff/[userId]/sessions/revoke/route"),
    courses: await import("@/app/api/admin/courses/route"),
  };
  const { authOptions } = await import("@/lib/auth/options");
  // next-auth keeps the provider's own authorize under `options`.
  authorize = (authOptions().providers[0] as unknown as { options: Pick<CredentialsConfig, "authorize"> }).options.authorize;
  await db.course.createMany({ data: [{ slug: "python", title: "Python" }, { slug: "history", title: "История" }] });
  admin = await user("ADMIN");
  adminCookie = await cookieFor(admin.id);
  staffCookie = await cookieFor((await user("STAFF", ["python"])).id);
});

afterAll(async () => {
  await db?.$disconnect();
  await dropDatabase(DATABASE);
});

describe("staff API access", () => {
  it("answers anonymous callers 401 and staff who are not admins 403, before reading the body", async () => {
    const target = (await user("STAFF")).id;
    const attempts = (as: string | null) => [
      call(routes.staff.GET, none, { as }),
      call(routes.staff.POST, none, { method: "POST", body: { email: "x" }, as }),
      call(routes.member.PATCH, { userId: target }, { method: "PATCH", body: { disabled: true }, as }),
      call(routes.revoke.POST, { userId: target }, { method: "POST", as }),
    ];
    expect((await Promise.all(attempts(null))).map((a) => a.status)).toEqual([401, 401, 401, 401]);
    expect((await Promise.all(attempts(staffCookie))).map((a) => a.status)).toEqual([403, 403, 403, 403]);
    expect((await db.user.findUniqueOrThrow({ where: { id: target } })).disabledAt).toBeNull();
  });

  it("lists admins and staff with their courses, status, last sign-in and active sessions, but no students", async () => {
    await db.user.create({ data: { email: "student@uni.ru", role: "STUDENT" } });
    const { status, body } = await call(routes.staff.GET, none, { as: adminCookie });
    expect(status).toBe(200);
    const emails = body.staff!.map((m) => m.email);
    expect(emails).not.toContain("student@uni.ru");
    expect(body.staff!.find((m) => m.id === admin.id)).toMatchObject({ role: "ADMIN", disabled: false, activeSessions: 1, courses: [] });
    const staff = body.staff!.find((m) => m.courses.some((c) => c.slug === "python"))!;
    expect(staff).toMatchObject({ role: "STAFF", disabled: false, activeSessions: 1 });
    expect(Date.parse(staff.lastSignInAt!)).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe("creating staff", () => {
  it("creates a member with an initial password and courses, and records it", async () => {
    const created = await call(routes.staff.POST, none, {
      method: "POST",
      body: { email: "New.TA@Uni.ru", name: "Анна", role: "STAFF", password: "a-long-password-1", courses: ["python"] },
      as: adminCookie,
    });
    expect(created.status).toBe(201);
    expect(created.body.member).toMatchObject({ email: "new.ta@uni.ru", role: "STAFF", disabled: false, activeSessions: 0, lastSignInAt: null, courses: [{ slug: "python" }] });
    expect(await signIn("new.ta@uni.ru", "a-long-password-1")).toMatchObject({ id: created.body.member!.id });
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: created.body.member!.id } });
    expect(audit).toMatchObject({ actorId: admin.id, action: "create", entityType: "staff_user" });
  });

  it("refuses an e-mail already in use (409) without touching that account", async () => {
    const before = await db.user.findUniqueOrThrow({ where: { email: admin.email! } });
    const again = await call(routes.staff.POST, none, { method: "POST", body: { email: admin.email!.toUpperCase(), role: "STAFF", password: "takeover-password" }, as: adminCookie });
    expect(again.status).toBe(409);
    expect(again.body.error!.code).toBe("email_taken");
    expect(await db.user.findUniqueOrThrow({ where: { email: admin.email! } })).toEqual(before);
    expect((await call(routes.staff.GET, none, { as: adminCookie })).status).toBe(200);
  });

  it("refuses bad input with 400 and creates nothing", async () => {
    const cases: [unknown, RegExp][] = [
      [{ email: "not-an-email", password: "a-long-password-1" }, /^email: must be an e-mail address/],
      [{ email: "short@uni.ru", password: "short" }, /^password: must be at least 10 characters/],
      [{ email: "root@uni.ru", password: "a-long-password-1", role: "ROOT" }, /^role:/],
      [{ email: "ghost@uni.ru", password: "a-long-password-1", role: "STAFF", courses: ["no-such-course"] }, /Unknown course\(s\): no-such-course/],
    ];
    for (const [body, message] of cases) {
      const refused = await call(routes.staff.POST, none, { method: "POST", body, as: adminCookie });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error!.message).toMatch(message);
    }
    expect((await call(routes.staff.POST, none, { method: "POST", raw: "{not json", as: adminCookie })).status).toBe(400);
    expect(await db.user.count({ where: { email: { in: ["short@uni.ru", "root@uni.ru", "ghost@uni.ru"] } } })).toBe(0);
  });
});

describe("disabling staff", () => {
  it("ends their sessions at once: the old cookie gets 401 and sign-in is refused until they are enabled", async () => {
    const member = await user("STAFF", ["python"]);
    const cookies = [await cookieFor(member.id), await cookieFor(member.id)];
    expect((await call(routes.courses.GET, none, { as: cookies[0] })).status).toBe(200);

    const disabled = await call(routes.member.PATCH, { userId: member.id }, { method: "PATCH", body: { disabled: true }, as: adminCookie });
    expect(disabled.status).toBe(200);
    expect(disabled.body.member).toMatchObject({ disabled: true, activeSessions: 0 });
    expect(await db.session.count({ where: { userId: member.id } })).toBe(0);

    for (const cookie of cookies) {
      expect((await call(routes.courses.GET, none, { as: cookie })).status).toBe(401);
      // Admin pages pass through the same lookup (requireStaffPage).
      expect(await holderOf(cookie)).toBeNull();
    }
    expect(await signIn(member.email!)).toBeNull();

    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: member.id, action: "update" } });
    expect(audit).toMatchObject({ actorId: admin.id, entityType: "staff_user", details: { disabled: true, sessionsEnded: 2 } });

    const enabled = await call(routes.member.PATCH, { userId: member.id }, { method: "PATCH", body: { disabled: false }, as: adminCookie });
    expect(enabled.body.member).toMatchObject({ disabled: false });
    expect(await signIn(member.email!)).toMatchObject({ id: member.id });
    // Enabling does not bring the ended sessions back.
    expect((await call(routes.courses.GET, none, { as: cookies[0] })).status).toBe(401);
  });

  it("refuses a session whose user was disabled even if the row somehow survived", async () => {
    const member = await user("STAFF");
    const cookie = await cookieFor(member.id);
    await db.user.update({ where: { id: member.id }, data: { disabledAt: new Date() } });
    expect((await call(routes.courses.GET, none, { as: cookie })).status).toBe(401);
  });

  it("ending sessions signs a member out everywhere and leaves the account enabled", async () => {
    const member = await user("STAFF");
    const cookies = [await cookieFor(member.id), await cookieFor(member.id)];
    const ended = await call(routes.revoke.POST, { userId: member.id }, { method: "POST", as: adminCookie });
    expect(ended.status).toBe(200);
    expect(ended.body.member).toMatchObject({ disabled: false, activeSessions: 0 });
    for (const cookie of cookies) expect((await call(routes.courses.GET, none, { as: cookie })).status).toBe(401);
    expect(await db.auditLog.findFirst({ where: { entityId: member.id, details: { equals: { sessionsEnded: 2 } } } })).not.toBeNull();
    expect(await signIn(member.email!)).toMatchObject({ id: member.id });
  });
});

describe("changing staff", () => {
  it("applies role, courses and name on the member's next request, without signing them out", async () => {
    const member = await user("STAFF", ["python"]);
    const cookie = await cookieFor(member.id);
    const [python, history] = await Promise.all(["python", "history"].map((slug) => db.course.findUniqueOrThrow({ where: { slug } })));

    const moved = await call(routes.member.PATCH, { userId: member.id }, { method: "PATCH", body: { courses: ["history"], name: "Пётр" }, as: adminCookie });
    expect(moved.body.member).toMatchObject({ courses: [{ slug: "history" }], activeSessions: 1 });
    expect(await holderOf(cookie)).toMatchObject({ role: "STAFF", name: "Пётр", courseIds: [history.id] });

    await call(routes.member.PATCH, { userId: member.id }, { method: "PATCH", body: { role: "ADMIN" }, as: adminCookie });
    expect(await holderOf(cookie)).toMatchObject({ role: "ADMIN", courseIds: [] });
    await call(routes.member.PATCH, { userId: member.id }, { method: "PATCH", body: { role: "STAFF", courses: ["python"] }, as: adminCookie });
    expect(await holderOf(cookie)).toMatchObject({ role: "STAFF", courseIds: [python.id] });
  });

  it("answers 404 for an unknown user or a student, and 400 for a bad patch", async () => {
    const student = await db.user.create({ data: { email: "another-student@uni.ru", role: "STUDENT" } });
    for (const userId of ["no-such-user", student.id]) {
      expect((await call(routes.member.PATCH, { userId }, { method: "PATCH", body: { disabled: true }, as: adminCookie })).status).toBe(404);
      expect((await call(routes.revoke.POST, { userId }, { method: "POST", as: adminCookie })).status).toBe(404);
    }
    const target = (await user("STAFF")).id;
    for (const body of [{}, { disabled: "yes" }, { disable: true }, { role: "ROOT" }, { name: "" }, { courses: ["no-such-course"] }]) {
      expect((await call(routes.member.PATCH, { userId: target }, { method: "PATCH", body, as: adminCookie })).status, JSON.stringify(body)).toBe(400);
    }
    expect((await call(routes.member.PATCH, { userId: target }, { method: "PATCH", raw: "nope", as: adminCookie })).status).toBe(400);
    expect(await db.user.findUniqueOrThrow({ where: { id: target } })).toMatchObject({ disabledAt: null, role: "STAFF" });
  });

  it("does not let an admin disable or demote themselves (409)", async () => {
    for (const body of [{ disabled: true }, { role: "STAFF" }]) {
      const refused = await call(routes.member.PATCH, { userId: admin.id }, { method: "PATCH", body, as: adminCookie });
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: "self_change", message: expect.stringMatching(/your own/) });
    }
    expect(await db.user.findUniqueOrThrow({ where: { id: admin.id } })).toMatchObject({ role: "ADMIN", disabledAt: null });
    expect((await call(routes.staff.GET, none, { as: adminCookie })).status).toBe(200);
  });

  it("keeps the last enabled admin: of two admins disabling or demoting each other at once, one is refused (409)", async () => {
    // Every other admin this file made is demoted first, so exactly two remain.
    await db.user.updateMany({ where: { role: "ADMIN", id: { not: admin.id } }, data: { role: "STAFF" } });
    const rivals = async (change: object) => {
      const other = await user("ADMIN");
      const first = await db.user.findFirstOrThrow({ where: { role: "ADMIN", disabledAt: null, id: { not: other.id } } });
      const outcomes = await Promise.allSettled([
        updateStaffMember(db, identityOf(first), other.id, change),
        updateStaffMember(db, identityOf(other), first.id, change),
      ]);
      const refused = outcomes.filter((o) => o.status === "rejected").map((o) => (o as PromiseRejectedResult).reason as HttpError);
      expect(refused.map((e) => [e.status, e.code])).toEqual([[409, "last_admin"]]);
      expect(refused[0].message).toMatch(/last enabled administrator/);
      expect(await db.user.count({ where: { role: "ADMIN", disabledAt: null } })).toBe(1);
    };
    await rivals({ disabled: true });
    await rivals({ role: "STAFF" });
    const last = await db.user.findFirstOrThrow({ where: { role: "ADMIN", disabledAt: null } });
    expect(await statusOf(updateStaffMember(db, identityOf(last), last.id, { disabled: true }))).toBe(409);
  });
});
