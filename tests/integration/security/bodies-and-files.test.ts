import { createHash } from "node:crypto";
import { mkdtemp, open, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSession } from "@/lib/auth/sessions";
import { upsertStaffUser } from "@/lib/auth/staff-users";
import { parseConfig } from "@/lib/config/load";
import { createChatDeps, type ChatDeps } from "@/lib/chat/services";
import { handleChatRequest } from "@/lib/chat/handle-chat";
import { createPrismaClient } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrations";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { dropDatabase, recreateDatabase } from "../../support/databases";

// Finding 4 of issue 14: every body is capped, and course files are streamed with ranges and
// validators. The routes are the real handlers, reading their settings from the environment.
const DATABASE = "course_assistant_bodies_files";
const AUTH_SECRET = "bodies-files-test-secret-0123456789abcdef";
// Smaller than the default, so the tests also show the cap comes from JSON_BODY_MAX_KB.
const CAP_KB = 8;
const CAP = CAP_KB * 1024;

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;
let db: PrismaClient;
let chat: ChatDeps;
let routes: {
  courses: { POST: Handler<Record<string, never>> };
  file: { GET: Handler<{ id: string }>; HEAD: Handler<{ id: string }> };
};
let adminCookie: string;

beforeAll(async () => {
  const url = await recreateDatabase(DATABASE);
  await applyMigrations(url);
  db = createPrismaClient(url);
  const env = { DATABASE_URL: url, DATA_DIR: await mkdtemp(path.join(tmpdir(), "bodies-files-")), AUTH_SECRET, JSON_BODY_MAX_KB: String(CAP_KB) };
  Object.assign(process.env, env);
  chat = createChatDeps(parseConfig(env), db, () => Promise.reject(new Error("no question should get this far")));
  routes = {
    courses: await import("@/app/api/admin/courses/route"),
    file: await import("@/app/api/documents/[id]/file/route"),
  };
  const admin = await upsertStaffUser(db, { email: "admin@uni.ru", password: "correct horse battery", role: "ADMIN" });
  adminCookie = await encode({ token: { sid: await openSession(db, admin.id, 1) }, secret: AUTH_SECRET });
});

afterAll(async () => {
  await db?.$disconnect();
  await dropDatabase(DATABASE);
});

const none = { params: Promise.resolve({} as Record<string, never>) };
const oversizedJson = () => JSON.stringify({ courseSlug: "x", message: "a".repeat(CAP) });

/**
 * A chunked body far past the cap (it ends, so that a server without the cap fails the test
 * rather than hangs it); counts what was pulled from it.
 */
function oversizedStream() {
  const chunk = new TextEncoder().encode(`{"message":"${"a".repeat(1000)}`.padEnd(1024, "a"));
  const counter = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled > 4 * 1024 * 1024) return controller.close();
      counter.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { body, counter };
}

const chatRequest = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://app.test/api/chat", { method: "POST", headers: { "content-type": "application/json", ...headers }, body, duplex: "half" } as RequestInit);
const createCourseRequest = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://app.test/api/admin/courses", {
    method: "POST",
    headers: { "content-type": "application/json", cookie: `next-auth.session-token=${adminCookie}`, ...headers },
    body,
    duplex: "half",
  } as RequestInit);

async function expectTooLarge(response: Response) {
  expect(response.status).toBe(413);
  expect((await response.json()).error).toEqual({ code: "body_too_large", message: `The request body is larger than the ${CAP_KB} KB limit.` });
}

describe("JSON bodies are capped", () => {
  it("chat: refuses a body over JSON_BODY_MAX_KB with 413, whether its Content-Length says so, lies or is absent", async () => {
    await expectTooLarge(await handleChatRequest(chat, chatRequest(oversizedJson())));
    await expectTooLarge(await handleChatRequest(chat, chatRequest(oversizedJson(), { "content-length": "40" })));
    const { body, counter } = oversizedStream();
    await expectTooLarge(await handleChatRequest(chat, chatRequest(body)));
    // Reading stopped at the cap rather than buffering what the client kept sending.
    expect(counter.pulled).toBeLessThan(CAP + 64 * 1024);
  });

  it("chat: a malformed body is still 400, and one just under the cap is read", async () => {
    const malformed = await handleChatRequest(chat, chatRequest('{"courseSlug": '));
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe("invalid_json");
    const fits = await handleChatRequest(chat, chatRequest(JSON.stringify({ courseSlug: "missing", message: "a".repeat(CAP - 100) })));
    expect(fits.status).not.toBe(413);
  });

  it("admin routes: 413 over the cap (honest, lying or chunked), 400 for malformed JSON, 201 for a normal body", async () => {
    const big = JSON.stringify({ slug: "big", title: "a".repeat(CAP), language: "ru" });
    await expectTooLarge(await routes.courses.POST(createCourseRequest(big), none));
    await expectTooLarge(await routes.courses.POST(createCourseRequest(big, { "content-length": "60" }), none));
    const { body, counter } = oversizedStream();
    await expectTooLarge(await routes.courses.POST(createCourseRequest(body), none));
    expect(counter.pulled).toBeLessThan(CAP + 64 * 1024);
    const malformed = await routes.courses.POST(createCourseRequest("{nope"), none);
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe("invalid_json");
    const created = await routes.courses.POST(createCourseRequest(JSON.stringify({ slug: "fits", title: "Курс", language: "ru" })), none);
    expect(created.status).toBe(201);
    expect(await db.course.count({ where: { slug: "big" } })).toBe(0);
  });

  // A real sign-in through this route (a small form) is e2e/admin-auth.spec.ts: next-auth needs Next's request scope.
  it("sign-in: a form body over 8 KB is refused with 413 before next-auth reads it", async () => {
    const { POST } = await import("@/app/api/auth/[...nextauth]/route");
    const signIn = (body: string) =>
      POST(new NextRequest("http://app.test/api/auth/callback/credentials", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body }), {
        params: Promise.resolve({ nextauth: ["callback", "credentials"] }),
      });
    const huge = await signIn(`email=admin%40uni.ru&password=${"x".repeat(9 * 1024)}`);
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.code).toBe("body_too_large");
  });
});

describe("course files", () => {
  const bytes = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) % 256);
  const ids: Record<"ready" | "processing" | "failed" | "large", string> = { ready: "", processing: "", failed: "", large: "" };
  let etag: string;
  let largePath: string;
  const LARGE = 8 * 1024 * 1024;

  beforeAll(async () => {
    const course = await db.course.create({ data: { slug: "files", title: "Файлы", publishedAt: new Date() } });
    const dir = await mkdtemp(path.join(tmpdir(), "course-files-"));
    const store = async (name: string, content: Uint8Array, status: "READY" | "PROCESSING" | "FAILED") => {
      const storagePath = path.join(dir, name);
      await writeFile(storagePath, content);
      const checksum = createHash("sha256").update(content).digest("hex");
      const document = await db.document.create({
        data: { courseId: course.id, fileName: name, title: name, type: "PDF", mimeType: "application/pdf", sizeBytes: content.byteLength, checksum, storagePath, status },
      });
      return { id: document.id, checksum, storagePath };
    };
    const ready = await store("Лекция 1 (\"итог\").pdf", bytes, "READY");
    ids.ready = ready.id;
    etag = `"${ready.checksum}"`;
    ids.processing = (await store("processing.pdf", bytes.slice(1), "PROCESSING")).id;
    ids.failed = (await store("failed.pdf", bytes.slice(2), "FAILED")).id;
    const large = await store("large.pdf", new Uint8Array(LARGE).fill(1), "READY");
    ids.large = large.id;
    largePath = large.storagePath;
  });

  const get = (id: string, headers: Record<string, string> = {}, method = "GET") =>
    (method === "HEAD" ? routes.file.HEAD : routes.file.GET)(new Request(`http://app.test/api/documents/${id}/file`, { method, headers }), { params: Promise.resolve({ id }) });
  const body = async (response: Response) => new Uint8Array(await response.arrayBuffer());

  it("serves a READY document with its type, an inline UTF-8 name and caching validators", async () => {
    const response = await get(ids.ready);
    expect(response.status).toBe(200);
    expect(await body(response)).toEqual(bytes);
    const headers = Object.fromEntries(response.headers);
    expect(headers).toMatchObject({
      "content-type": "application/pdf",
      "content-length": "5000",
      "accept-ranges": "bytes",
      etag,
      "x-content-type-options": "nosniff",
    });
    expect(headers["cache-control"]).toMatch(/^private, max-age=\d+$/);
    expect(new Date(headers["last-modified"]).getTime()).not.toBeNaN();
    expect(headers["content-disposition"]).toBe(
      `inline; filename="______ 1 (______).pdf"; filename*=UTF-8''${encodeURIComponent("Лекция 1 ")}%28%22${encodeURIComponent("итог")}%22%29.pdf`,
    );
  });

  it("does not serve a document that is still processing or failed", async () => {
    expect((await get(ids.processing)).status).toBe(404);
    expect((await get(ids.failed)).status).toBe(404);
    expect((await get("no-such-document")).status).toBe(404);
  });

  it("answers a single range with 206, a suffix range with the last bytes, and a range past the end with 416", async () => {
    const part = await get(ids.ready, { range: "bytes=100-199" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe("bytes 100-199/5000");
    expect(part.headers.get("content-length")).toBe("100");
    expect(await body(part)).toEqual(bytes.slice(100, 200));

    const suffix = await get(ids.ready, { range: "bytes=-100" });
    expect(suffix.status).toBe(206);
    expect(suffix.headers.get("content-range")).toBe("bytes 4900-4999/5000");
    expect(await body(suffix)).toEqual(bytes.slice(4900));

    const open = await get(ids.ready, { range: "bytes=4990-" });
    expect(await body(open)).toEqual(bytes.slice(4990));

    expect((await get(ids.ready, { range: "bytes=5000-" })).status).toBe(416);
    const past = await get(ids.ready, { range: "bytes=5000-5100" });
    expect(past.status).toBe(416);
    expect(past.headers.get("content-range")).toBe("bytes */5000");

    const several = await get(ids.ready, { range: "bytes=0-9,20-29" });
    expect(several.status).toBe(200);
    expect(await body(several)).toEqual(bytes);
  });

  it("answers a matching If-None-Match with 304 and no body, and HEAD with the headers alone", async () => {
    const cached = await get(ids.ready, { "if-none-match": etag });
    expect(cached.status).toBe(304);
    expect(cached.headers.get("etag")).toBe(etag);
    expect(await cached.text()).toBe("");
    expect((await get(ids.ready, { "if-none-match": '"something-else"' })).status).toBe(200);

    const head = await get(ids.ready, {}, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("5000");
    expect(head.body).toBeNull();
  });

  it("streams the file from disk as it is sent rather than reading it whole first", async () => {
    const response = await get(ids.large);
    expect(response.body).toBeInstanceOf(ReadableStream);
    // Rewritten in place (not truncated, so no early end of file) after the answer began: a
    // buffered copy would still hold the old bytes; a stream reads the new ones past its read-ahead.
    const file = await open(largePath, "r+");
    await file.write(new Uint8Array(LARGE).fill(2), 0, LARGE, 0);
    await file.close();
    const sent = await body(response);
    expect(sent.byteLength).toBe(LARGE);
    expect(sent.subarray(LARGE - 1024 * 1024).every((byte) => byte === 2)).toBe(true);
  });
});
