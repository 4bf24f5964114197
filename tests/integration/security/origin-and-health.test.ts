import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openSession } from "@/lib/auth/sessions";
import { handleChatRequest } from "@/lib/chat/handle-chat";
import { createChatDeps, type ChatDeps } from "@/lib/chat/services";
import { VISITOR_COOKIE } from "@/lib/chat/visitor";
import { parseConfig } from "@/lib/config/load";
import { createPrismaClient } from "@/lib/db/client";
import { PEER_HEADER, peerStamp } from "@/lib/http/client-address";
import { readUiChunks } from "../../support/ui-stream";

// Finding 8: student writes made by another site with the visitor's cookie are refused (Origin),
// and /api/health tells anonymous callers only up or down. The real route handlers, their
// settings and database from the environment as in production, on the shared test database.
const db = createPrismaClient(inject("databaseUrl"));
const stamp = Date.now();
const slug = `origin-${stamp}`;
const AUTH_SECRET = "origin-health-test-secret-0123456789abcdef";
const METRICS_TOKEN = "origin-health-metrics-token-0123";
const OWN = "http://app.test";
const EVIL = "https://evil.example";
const peer = `10.${stamp % 250}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
let deps: ChatDeps;
let visitorId: string;
let chatIds: string[];
let answerId: string;

type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;
let routes: { chat: { PATCH: Handler; DELETE: Handler }; feedback: { POST: Handler }; health: { GET: (request: Request) => Promise<Response> } };

/** A cookie visitor's request from a browser on `origin` (null: a client that sends none, like curl). */
function visitorRequest(url: string, method: string, origin: string | null, body?: unknown) {
  return new Request(`${OWN}${url}`, {
    method,
    headers: {
      host: "app.test",
      "content-type": "application/json",
      cookie: `${VISITOR_COOKIE}=${visitorId}`,
      [PEER_HEADER]: peerStamp(peer),
      ...(origin ? { origin } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The status and error code of an answer; a streamed answer is read to its end. */
async function outcome(response: Response): Promise<{ status: number; code?: string }> {
  if (response.status === 200 && response.headers.get("content-type")?.startsWith("text/event-stream")) {
    await readUiChunks(response);
    return { status: 200 };
  }
  const text = await response.text();
  const code = text ? (JSON.parse(text) as { error?: { code: string } }).error?.code : undefined;
  return code ? { status: response.status, code } : { status: response.status };
}

const params = (id: string) => ({ params: Promise.resolve({ id }) });
const ask = (origin: string | null) => handleChatRequest(deps, visitorRequest("/api/chat", "POST", origin, { courseSlug: slug, message: "Когда экзамен?" }));
const rename = (origin: string | null, chatId: string) => routes.chat.PATCH(visitorRequest(`/api/chats/${chatId}`, "PATCH", origin, { title: "Новое имя" }), params(chatId));
const remove = (origin: string | null, chatId: string) => routes.chat.DELETE(visitorRequest(`/api/chats/${chatId}`, "DELETE", origin), params(chatId));
const rate = (origin: string | null) => routes.feedback.POST(visitorRequest(`/api/messages/${answerId}/feedback`, "POST", origin, { rating: "UP" }), params(answerId));

beforeAll(async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), "origin-health-"));
  Object.assign(process.env, { DATABASE_URL: inject("databaseUrl"), DATA_DIR: dataDir, AUTH_SECRET, METRICS_TOKEN });
  routes = {
    chat: await import("@/app/api/chats/[id]/route"),
    feedback: await import("@/app/api/messages/[id]/feedback/route"),
    health: await import("@/app/api/health/route"),
  };
  deps = createChatDeps(parseConfig({ DATA_DIR: dataDir }), db, async () => ({ passages: [], mode: "lexical", floors: { lexical: 0.5, dense: null } }));
  const course = await db.course.create({ data: { slug, title: "Проверка Origin", publishedAt: new Date() } });
  visitorId = (await db.visitor.create({ data: {} })).id;
  chatIds = [];
  for (const title of ["Первый", "Второй", "Третий"]) {
    chatIds.push((await db.chat.create({ data: { courseId: course.id, visitorId, title } })).id);
  }
  answerId = (await db.message.create({ data: { chatId: chatIds[0], role: "ASSISTANT", text: "Ответ", status: "COMPLETE" } })).id;
});

afterAll(async () => {
  await db.course.deleteMany({ where: { slug } });
  await db.visitor.deleteMany({ where: { id: visitorId } });
  await db.$disconnect();
});

describe("student writes with the visitor cookie", () => {
  const refused = { status: 403, code: "cross_origin" };

  it("POST /api/chat: refused from another site, answered from the app's own pages and from clients without Origin", async () => {
    expect(await outcome(await ask(EVIL))).toEqual(refused);
    expect(await outcome(await ask(OWN))).toEqual({ status: 200 });
    expect(await outcome(await ask(null))).toEqual({ status: 200 });
  });

  it("renaming and deleting a chat: refused from another site, done from the app's own pages and without Origin", async () => {
    expect(await outcome(await rename(EVIL, chatIds[1]))).toEqual(refused);
    expect(await outcome(await remove(EVIL, chatIds[1]))).toEqual(refused);
    expect(await db.chat.findUniqueOrThrow({ where: { id: chatIds[1] } })).toMatchObject({ title: "Второй", deletedAt: null });

    expect(await outcome(await rename(OWN, chatIds[1]))).toEqual({ status: 200 });
    expect(await outcome(await rename(null, chatIds[2]))).toEqual({ status: 200 });
    expect(await outcome(await remove(OWN, chatIds[1]))).toEqual({ status: 204 });
    expect(await outcome(await remove(null, chatIds[2]))).toEqual({ status: 204 });
  });

  it("rating an answer: refused from another site, recorded from the app's own pages and without Origin", async () => {
    expect(await outcome(await rate(EVIL))).toEqual(refused);
    expect(await db.feedback.count({ where: { messageId: answerId } })).toBe(0);
    expect(await outcome(await rate(OWN))).toEqual({ status: 200 });
    expect(await outcome(await rate(null))).toEqual({ status: 200 });
  });
});

describe("GET /api/health", () => {
  const health = (headers: Record<string, string> = {}) => routes.health.GET(new Request(`${OWN}/api/health`, { headers }));

  it("tells anonymous callers only whether the app is up: no components, providers, addresses or errors", async () => {
    const callers: Record<string, string>[] = [{}, { authorization: "Bearer wrong-token-0123456789" }, { cookie: "next-auth.session-token=forged" }];
    for (const headers of callers) {
      const response = await health(headers);
      expect(response.headers.get("cache-control")).toBe("no-store");
      const body = await response.json();
      // The embedder is down here (the full report says "degraded"); an anonymous check probes
      // only PostgreSQL and the vector store, so a flood of them never reaches the embedder or LLM.
      expect(body).toEqual({ status: "ok" });
    }
  });

  it("gives the monitoring (METRICS_TOKEN) and signed-in staff every component", async () => {
    const detailed = { status: "degraded", checks: { database: { status: "up", provider: "postgresql" }, embedder: { status: "down" } } };
    expect(await (await health({ authorization: `Bearer ${METRICS_TOKEN}` })).json()).toMatchObject(detailed);

    const user = await db.user.create({ data: { email: `health-staff-${stamp}@uni.ru`, role: "STAFF" } });
    try {
      const cookie = await encode({ token: { sid: await openSession(db, user.id, 1) }, secret: AUTH_SECRET });
      expect(await (await health({ cookie: `next-auth.session-token=${cookie}` })).json()).toMatchObject(detailed);
    } finally {
      await db.user.delete({ where: { id: user.id } });
    }
  });
});
