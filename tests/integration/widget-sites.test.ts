import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createWidgetSite, deleteWidgetSite, listWidgetSites, rotateWidgetSecret, updateWidgetSite, widgetSitePatch } from "@/lib/admin/widget-sites";
import { authSecret } from "@/lib/auth/secret";
import type { StaffIdentity } from "@/lib/auth/staff";
import { parseConfig, type Config } from "@/lib/config/load";
import { createPrismaClient } from "@/lib/db/client";
import { findOwner } from "@/lib/chat/owner";
import { WIDGET_TOKEN_HEADER } from "@/lib/widget/token-header";
import { openWidgetSession } from "@/lib/widget/open-session";
import { readWidgetSession, widgetSessionKey, widgetSessionSite } from "@/lib/widget/session-token";
import { statusOf } from "../support/http-errors";

const db = createPrismaClient(inject("databaseUrl"));
const HOST = "https://lms.university.ru";
let config: Config;
let courseId: string;
let staff: StaffIdentity;
let outsider: StaffIdentity;

const identity = (secret: string, claims: Record<string, unknown>) =>
  new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(secret));

beforeAll(async () => {
  config = parseConfig({ DATA_DIR: await mkdtemp(path.join(tmpdir(), "widget-")) });
  const course = await db.course.create({ data: { slug: `widget-${Date.now()}`, title: "Операционные системы", publishedAt: new Date() } });
  courseId = course.id;
  const user = await db.user.create({ data: { email: `widget-staff-${Date.now()}@uni.ru`, role: "STAFF", staffCourses: { create: { courseId } } } });
  staff = { role: "STAFF", userId: user.id, email: user.email!, name: null, courseIds: [courseId] };
  outsider = { ...staff, courseIds: [] };
});

afterAll(() => db.$disconnect());

describe("widget sites", () => {
  it("are created with a key and secret, origins reduced to origins, and kept to the course's staff", async () => {
    const site = await createWidgetSite(db, staff, courseId, { name: "Moodle", allowedOrigins: [`${HOST}/course/view.php?id=7`, HOST] });
    expect(site).toMatchObject({ name: "Moodle", allowedOrigins: [HOST], enabled: true, requireIdentity: false, rateLimitPerMinute: 20 });
    expect(site.key).toMatch(/^ws_[\w-]{16}$/);
    expect(site.secret.length).toBeGreaterThanOrEqual(40);
    expect(await listWidgetSites(db, staff, courseId)).toHaveLength(1);
    expect(await statusOf(listWidgetSites(db, outsider, courseId))).toBe(403);
    expect(await statusOf(updateWidgetSite(db, outsider, site.id, { enabled: false }))).toBe(403);
    expect(await statusOf(createWidgetSite(db, staff, courseId, { name: "Bad", allowedOrigins: ["lms"] }))).toBe(400);
    const rotated = await rotateWidgetSecret(db, staff, site.id);
    expect(rotated.secret).not.toBe(site.secret);
    await deleteWidgetSite(db, staff, site.id);
    expect(await statusOf(deleteWidgetSite(db, staff, site.id))).toBe(404);
  });

  it("change only the fields a patch names: the creation defaults do not fill in the rest", async () => {
    const site = await createWidgetSite(db, staff, courseId, { name: "Strict", allowedOrigins: [HOST], requireIdentity: true, rateLimitPerMinute: 50 });
    const updated = await updateWidgetSite(db, staff, site.id, widgetSitePatch.parse({ enabled: false }));
    expect(updated).toMatchObject({ name: "Strict", allowedOrigins: [HOST], requireIdentity: true, rateLimitPerMinute: 50, enabled: false });
    await deleteWidgetSite(db, staff, site.id);
  });
});

describe("widget sessions", () => {
  it("open only for an allowed origin of an enabled site, and carry an anonymous visitor", async () => {
    const site = await createWidgetSite(db, staff, courseId, { name: "LMS", allowedOrigins: [HOST] });
    const opened = await openWidgetSession({ db, config, admitVisitor: async () => {} }, site.key, HOST, {});
    expect(opened).toMatchObject({ site: { name: "LMS" }, course: { title: "Операционные системы" }, user: null });
    expect(widgetSessionSite(opened.token)).toBe(site.id);
    const session = await readWidgetSession(opened.token, widgetSessionKey(authSecret(config), site.secret));
    expect(session).toMatchObject({ origin: HOST });
    expect(await db.visitor.findUnique({ where: { id: session!.visitor! } })).not.toBeNull();

    expect(await statusOf(openWidgetSession({ db, config, admitVisitor: async () => {} }, site.key, "https://evil.example", {}))).toBe(403);
    expect(await statusOf(openWidgetSession({ db, config, admitVisitor: async () => {} }, site.key, null, {}))).toBe(403);
    expect(await statusOf(openWidgetSession({ db, config, admitVisitor: async () => {} }, "ws_unknown", HOST, {}))).toBe(404);
    await updateWidgetSite(db, staff, site.id, { enabled: false });
    expect(await statusOf(openWidgetSession({ db, config, admitVisitor: async () => {} }, site.key, HOST, {}))).toBe(403);
  });

  it("speak for their visitor in chat requests until the token is forged or the site switched off", async () => {
    const site = await createWidgetSite(db, staff, courseId, { name: "Chat", allowedOrigins: [HOST], rateLimitPerMinute: 7 });
    const opened = await openWidgetSession({ db, config, admitVisitor: async () => {} }, site.key, HOST, {});
    const request = (token: string) => new Request("http://app.local/api/chats", { headers: { [WIDGET_TOKEN_HEADER]: token } });
    const owner = await findOwner(db, config, request(opened.token));
    expect(owner).toMatchObject({ userId: null, widget: { siteId: site.id, courseId, rateLimitPerMinute: 7 } });
    expect(owner!.visitorId).toBeTruthy();
    expect(await statusOf(findOwner(db, config, request(`${opened.token}x`)))).toBe(401);
    await updateWidgetSite(db, staff, site.id, { enabled: false });
    expect(await statusOf(findOwner(db, config, request(opened.token)))).toBe(403);
    expect(await findOwner(db, config, new Request("http://app.local/api/chats"))).toBeNull();
  });

  it("nowhere while the allowlist is empty", async () => {
    const site = await createWidgetSite(db, staff, courseId, { name: "New", allowedOrigins: [] });
    expect(await statusOf(openWidgetSession({ db, config, admitVisitor: async () => {} }, site.key, HOST, {}))).toBe(403);
  });

  it("take a host's signed identity to one user per site, and refuse a bad or missing one when it is required", async () => {
    const site = await createWidgetSite(db, staff, courseId, { name: "SSO", allowedOrigins: [HOST], requireIdentity: true });
    const exp = Math.floor(Date.now() / 1000) + 600;
    const first = await openWidgetSession({ db, config, admitVisitor: async () => {} }, site.key, HOST, { identity: await identity(site.secret, { sub: "moodle-7", name: "Иван", exp }) });
    const second = await openWidgetSession({ db, config, admitVisitor: async () => {} }, site.key, HOST, { identity: await identity(site.secret, { sub: "moodle-7", name: "Иван И.", exp }) });
    const key = widgetSessionKey(authSecret(config), site.secret);
    const [a, b] = await Promise.all([readWidgetSession(first.token, key), readWidgetSession(second.token, key)]);
    expect(a!.user).toBeDefined();
    expect(a!.user).toBe(b!.user);
    expect(second.user).toEqual({ name: "Иван И." });
    expect(await db.user.findUniqueOrThrow({ where: { id: a!.user! } })).toMatchObject({ role: "STUDENT", externalId: "moodle-7", widgetSiteId: site.id });

    expect(await statusOf(openWidgetSession({ db, config, admitVisitor: async () => {} }, site.key, HOST, {}))).toBe(401);
    expect(await statusOf(openWidgetSession({ db, config, admitVisitor: async () => {} }, site.key, HOST, { identity: await identity("wrong-secret-0123456789abcdef0123", { sub: "x", exp }) }))).toBe(401);
    expect(await statusOf(openWidgetSession({ db, config, admitVisitor: async () => {} }, site.key, HOST, { identity: await identity(site.secret, { sub: "x", exp: exp - 3600 }) }))).toBe(401);
  });
});
