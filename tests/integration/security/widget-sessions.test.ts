import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createWidgetSite, rotateWidgetSecret, updateWidgetSite } from "@/lib/admin/widget-sites";
import type { StaffIdentity } from "@/lib/auth/staff";
import { handleChatRequest } from "@/lib/chat/handle-chat";
import { createChatDeps, type ChatDeps } from "@/lib/chat/services";
import { WIDGET_TOKEN_HEADER } from "@/lib/widget/token-header";
import { parseConfig, type Config } from "@/lib/config/load";
import { createPrismaClient } from "@/lib/db/client";
import { PEER_HEADER, peerStamp } from "@/lib/http/client-address";
import { openWidgetSession } from "@/lib/widget/open-session";
import { issueWidgetSession, readWidgetSession, widgetSessionKey } from "@/lib/widget/session-token";
import { readUiChunks } from "../../support/ui-stream";

// Finding 8 (widget tokens) and finding 3 for widget sessions: a session is signed for one site,
// holds only while that site keeps its secret and the session's origin, and reaches only that
// site's course, which must be published. The real handlers on the shared test database.
const db = createPrismaClient(inject("databaseUrl"));
const stamp = Date.now();
const HOST = "https://lms.university.ru";
const AUTH_SECRET = "widget-sessions-test-secret-0123456789abcdef";
const peer = `10.${stamp % 250}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
let config: Config;
let deps: ChatDeps;
let staff: StaffIdentity;
let sessionRoute: (request: Request) => Promise<Response>;
const courses = {} as Record<"a" | "b" | "draft", { id: string; slug: string }>;

/** POST /api/chat as the widget sends it: the session token in its header, no cookie. */
function ask(token: string, courseSlug: string) {
  return handleChatRequest(
    deps,
    new Request("http://app.test/api/chat", {
      method: "POST",
      headers: { "content-type": "application/json", origin: HOST, [PEER_HEADER]: peerStamp(peer), [WIDGET_TOKEN_HEADER]: token },
      body: JSON.stringify({ courseSlug, message: "Когда экзамен?" }),
    }),
  );
}

/** The status and error code an answer carries; a streamed answer is read to its end. */
async function outcome(response: Response): Promise<{ status: number; code?: string }> {
  if (response.status === 200) {
    await readUiChunks(response);
    return { status: 200 };
  }
  return { status: response.status, code: ((await response.json()) as { error: { code: string } }).error.code };
}

/** POST /api/widget/session as a host page on HOST sends it, from the client address `address`. */
const openThroughRoute = (siteKey: string, address: string) =>
  sessionRoute(
    new Request(`http://app.test/api/widget/session?site=${siteKey}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: HOST, [PEER_HEADER]: peerStamp(address) },
      body: "{}",
    }),
  );
const newSite = (course: "a" | "b" | "draft", name: string) => createWidgetSite(db, staff, courses[course].id, { name, allowedOrigins: [HOST, "https://moodle.university.ru"] });
const open = async (site: { key: string }) => (await openWidgetSession({ db, config, admitVisitor: async () => {} }, site.key, HOST, {})).token;

beforeAll(async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), "widget-sessions-"));
  Object.assign(process.env, { DATABASE_URL: inject("databaseUrl"), DATA_DIR: dataDir, AUTH_SECRET, VISITORS_PER_ADDRESS_PER_HOUR: "3" });
  ({ POST: sessionRoute } = await import("@/app/api/widget/session/route"));
  config = parseConfig({ DATA_DIR: dataDir, AUTH_SECRET });
  deps = createChatDeps(config, db, async () => ({ passages: [], mode: "lexical", floors: { lexical: 0.5, dense: null } }));
  for (const [name, publishedAt] of [["a", new Date()], ["b", new Date()], ["draft", null]] as const) {
    courses[name] = await db.course.create({ data: { slug: `widget-sec-${name}-${stamp}`, title: `Курс ${name}`, publishedAt }, select: { id: true, slug: true } });
  }
  const user = await db.user.create({ data: { email: `widget-sec-${stamp}@uni.ru`, role: "ADMIN" } });
  staff = { role: "ADMIN", userId: user.id, email: user.email!, name: null, courseIds: [] };
});

afterAll(async () => {
  await db.course.deleteMany({ where: { id: { in: Object.values(courses).map((c) => c.id) } } });
  await db.user.deleteMany({ where: { email: `widget-sec-${stamp}@uni.ru` } });
  await db.$disconnect();
});

describe("widget sessions", () => {
  it("do not open for a site whose course is a draft, and do once it is published", async () => {
    const site = await newSite("draft", "Draft");
    const openRequest = () => openThroughRoute(site.key, peer);
    const refused = await openRequest();
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: "course_unpublished" } });
    await db.course.update({ where: { id: courses.draft.id }, data: { publishedAt: new Date() } });
    expect((await openRequest()).status).toBe(200);
  });

  it("count malformed requests against the address's WIDGET_SESSIONS_PER_ADDRESS_PER_MINUTE too", async () => {
    const site = await newSite("a", "Malformed");
    const address = `10.${(stamp + 3) % 250}.9.${Math.floor(Math.random() * 250)}`;
    const malformed = () =>
      sessionRoute(
        new Request(`http://app.test/api/widget/session?site=${site.key}`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: HOST, [PEER_HEADER]: peerStamp(address) },
          body: "{not json",
        }),
      );
    for (let i = 0; i < config.WIDGET_SESSIONS_PER_ADDRESS_PER_MINUTE; i++) expect((await malformed()).status).toBe(400);
    expect((await openThroughRoute(site.key, address)).status).toBe(429);
  });

  it("count each anonymous session as a new student: an address gets VISITORS_PER_ADDRESS_PER_HOUR of them", async () => {
    const site = await newSite("a", "Visitors");
    const address = `10.${(stamp + 1) % 250}.7.${Math.floor(Math.random() * 250)}`;
    const openFrom = () => openThroughRoute(site.key, address);
    for (let i = 0; i < 3; i++) expect((await openFrom()).status).toBe(200);
    const refused = await openFrom();
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: { code: "too_many_visitors" } });
  });

  it("work until the site's secret is rotated, then end with 401 widget_session_expired", async () => {
    const site = await newSite("a", "Rotate");
    const token = await open(site);
    expect(await outcome(await ask(token, courses.a.slug))).toEqual({ status: 200 });
    await rotateWidgetSecret(db, staff, site.id);
    expect(await outcome(await ask(token, courses.a.slug))).toEqual({ status: 401, code: "widget_session_expired" });
    // A new session, signed with the new secret, works again.
    expect(await outcome(await ask(await open(site), courses.a.slug))).toEqual({ status: 200 });
  });

  it("end when their origin is taken off the site's allowlist, and not when another origin is", async () => {
    const site = await newSite("a", "Origins");
    const token = await open(site);
    await updateWidgetSite(db, staff, site.id, { allowedOrigins: [HOST] });
    expect(await outcome(await ask(token, courses.a.slug))).toEqual({ status: 200 });
    await updateWidgetSite(db, staff, site.id, { allowedOrigins: ["https://moodle.university.ru"] });
    expect(await outcome(await ask(token, courses.a.slug))).toEqual({ status: 401, code: "widget_session_expired" });
  });

  it("reach only their own site's course", async () => {
    const site = await newSite("a", "Own course");
    const token = await open(site);
    expect(await outcome(await ask(token, courses.b.slug))).toEqual({ status: 403, code: "wrong_course" });
    expect(await outcome(await ask(token, courses.a.slug))).toEqual({ status: 200 });
  });

  it("of site A cannot pass for site B, whether the header is swapped or the token is signed with A's key under B's name", async () => {
    const [siteA, siteB] = await Promise.all([newSite("a", "Site A"), newSite("b", "Site B")]);
    const tokenA = await open(siteA);
    const rowA = await db.widgetSite.findUniqueOrThrow({ where: { id: siteA.id } });
    const session = (await readWidgetSession(tokenA, widgetSessionKey(AUTH_SECRET, rowA.secret)))!;

    // The same token with its header naming site B: B's key does not verify A's signature.
    const [header, ...rest] = tokenA.split(".");
    const named = { ...JSON.parse(Buffer.from(header, "base64url").toString()), kid: siteB.id };
    const swapped = [Buffer.from(JSON.stringify(named)).toString("base64url"), ...rest].join(".");
    expect(await outcome(await ask(swapped, courses.b.slug))).toEqual({ status: 401, code: "widget_session_expired" });

    // A session minted with site A's key but naming site B.
    const { token: forged } = await issueWidgetSession(siteB.id, session, widgetSessionKey(AUTH_SECRET, rowA.secret));
    expect(await outcome(await ask(forged, courses.b.slug))).toEqual({ status: 401, code: "widget_session_expired" });

    // The host of site A holds its secret; signing with it alone does not make a session either.
    const { token: hostMinted } = await issueWidgetSession(siteA.id, session, new TextEncoder().encode(rowA.secret));
    expect(await outcome(await ask(hostMinted, courses.a.slug))).toEqual({ status: 401, code: "widget_session_expired" });
  });
});
