import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSession } from "@/lib/auth/sessions";
import { upsertStaffUser } from "@/lib/auth/staff-users";
import { createPrismaClient } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrations";
import { registerDocument } from "@/lib/documents/register-document";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { SharedLimiter } from "@/lib/rate-limit/shared-limiter";
import { dropDatabase, recreateDatabase } from "../../support/databases";

// Uploads as the console sends them, through the real route: a cap on files and on the whole
// request, one document for one content however many uploads race, and an hourly file count per
// staff member that two app instances (two database clients) share.
const DATABASE = "course_assistant_uploads";
const AUTH_SECRET = "uploads-test-secret-0123456789abcdef0123";
const PER_HOUR = 6;
const MB = 1024 * 1024;

type Params = { courseId: string };
let route: { POST: (request: Request, context: { params: Promise<Params> }) => Promise<Response> };
let db: PrismaClient;
let otherInstance: PrismaClient;
let dataDir: string;
let courseId: string;

const incoming = async () => readdir(path.join(dataDir, "uploads", ".incoming")).catch(() => []);

async function staffCookie(email: string) {
  const user = await upsertStaffUser(db, { email, password: "correct horse battery", role: "ADMIN" });
  return { id: user.id, cookie: await encode({ token: { sid: await openSession(db, user.id, 1) }, secret: AUTH_SECRET }) };
}

function post(cookie: string, body: BodyInit, headers: Record<string, string> = {}) {
  const request = new Request(`http://app.test/api/admin/courses/${courseId}/documents`, {
    method: "POST",
    headers: { cookie: `next-auth.session-token=${cookie}`, ...headers },
    body,
    duplex: "half",
  } as RequestInit);
  return route.POST(request, { params: Promise.resolve({ courseId }) });
}

function form(files: { name: string; content: string | Uint8Array }[]) {
  const data = new FormData();
  for (const file of files) data.append("files", new Blob([typeof file.content === "string" ? file.content : new Uint8Array(file.content)]), file.name);
  return data;
}

const BOUNDARY = "upload-test-boundary";
/**
 * A chunked multipart body whose one file runs on far past every cap (and then stops, so that a
 * server without the cap fails the test rather than hangs it); counts what was pulled.
 */
function oversizedUpload() {
  const head = new TextEncoder().encode(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="stream.txt"\r\nContent-Type: text/plain\r\n\r\n`,
  );
  const chunk = new Uint8Array(256 * 1024).fill(97);
  const counter = { pulled: 0 };
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled > 64 * MB) return controller.close();
      const next = started ? chunk : head;
      started = true;
      counter.pulled += next.byteLength;
      controller.enqueue(next);
    },
  });
  return { body, counter, headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}` } };
}

beforeAll(async () => {
  const url = await recreateDatabase(DATABASE);
  await applyMigrations(url);
  db = createPrismaClient(url);
  otherInstance = createPrismaClient(url);
  dataDir = await mkdtemp(path.join(tmpdir(), "uploads-security-"));
  Object.assign(process.env, { DATABASE_URL: url, DATA_DIR: dataDir, AUTH_SECRET, UPLOAD_MAX_MB: "1", UPLOADS_PER_HOUR: String(PER_HOUR) });
  route = await import("@/app/api/admin/courses/[courseId]/documents/route");
  courseId = (await db.course.create({ data: { slug: "uploads", title: "Загрузки" } })).id;
});

afterAll(async () => {
  await db?.$disconnect();
  await otherInstance?.$disconnect();
  await dropDatabase(DATABASE);
});

describe("upload sizes", () => {
  it("refuses a file over UPLOAD_MAX_MB with 413 and keeps no part of it", async () => {
    const { cookie } = await staffCookie("sizes@uni.ru");
    const response = await post(cookie, form([{ name: "huge.txt", content: new Uint8Array(MB + 1).fill(98) }]));
    expect(response.status).toBe(413);
    expect((await response.json()).files[0]).toMatchObject({ code: "file_too_large" });
    expect(await incoming()).toEqual([]);
    expect(await db.document.count({ where: { fileName: "huge.txt" } })).toBe(0);
  });

  it("caps the whole request: 413 for a declared size over it, and for a chunked body that runs past it", async () => {
    const { cookie } = await staffCookie("request-cap@uni.ru");
    const declared = oversizedUpload();
    const refused = await post(cookie, declared.body, { ...declared.headers, "content-length": String(100 * MB) });
    expect(refused.status).toBe(413);
    expect((await refused.json()).error.code).toBe("body_too_large");
    expect(declared.counter.pulled).toBeLessThan(MB);

    const stream = oversizedUpload();
    const stopped = await post(cookie, stream.body, stream.headers);
    expect(stopped.status).toBe(413);
    expect((await stopped.json()).error).toMatchObject({ code: "body_too_large", message: expect.stringMatching(/\d+ MB limit/) });
    // 20 files of 1 MB and 1 MB of framing, then it stopped reading.
    expect(stream.counter.pulled).toBeLessThan(22 * MB + MB);
    expect(await incoming()).toEqual([]);
  });
});

describe("the same file uploaded concurrently", () => {
  it("gives one document: one upload is 201, the others 409 duplicate_document, no temporary file left", async () => {
    const { cookie } = await staffCookie("duplicates@uni.ru");
    const content = "# Планировщик\n\nКруговой алгоритм распределяет процессорное время.";
    const responses = await Promise.all(Array.from({ length: 4 }, () => post(cookie, form([{ name: "scheduler.md", content }]))));
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409]);
    const bodies = await Promise.all(responses.map((response) => response.json()));
    const created = bodies.find((body) => body.files[0].ok).files[0];
    for (const body of bodies.filter((b) => !b.files[0].ok)) {
      expect(body.files[0]).toMatchObject({ status: 409, code: "duplicate_document", documentId: created.documentId });
    }
    expect(await db.document.count({ where: { courseId, fileName: "scheduler.md" } })).toBe(1);
    expect(await db.ingestionJob.count({ where: { documentId: created.documentId } })).toBe(1);
    expect(await incoming()).toEqual([]);
  });

  it("registers a file that lost the race to the unique (course, checksum) as the winner's document, not an error", async () => {
    const input = { courseId, fileName: "race.md", checksum: "f".repeat(64), sizeBytes: 3, storagePath: "/nowhere/race.md" };
    const winner = await registerDocument(db, input);
    // The loser looked before the winner's row existed, then inserted after it.
    const lateLookup = {
      document: {
        findUnique: () => Promise.resolve(null),
        create: (args: Parameters<PrismaClient["document"]["create"]>[0]) => db.document.create(args),
        findUniqueOrThrow: (args: Parameters<PrismaClient["document"]["findUniqueOrThrow"]>[0]) => db.document.findUniqueOrThrow(args),
      },
    } as unknown as PrismaClient;
    const loser = await registerDocument(lateLookup, input);
    expect(loser).toMatchObject({ created: false, document: { id: winner.document.id } });
  });
});

describe("uploads per staff member and hour", () => {
  it("counts files across app instances, refuses with 429 and Retry-After past UPLOADS_PER_HOUR, and keeps nothing refused", async () => {
    const { id, cookie } = await staffCookie("limits@uni.ru");
    // Another app instance, with its own database client, accepted four files of this member's.
    expect(await new SharedLimiter(otherInstance).take([{ key: `upload:${id}`, limit: PER_HOUR, windowMs: 3_600_000 }], 4)).toEqual({ ok: true });

    expect((await post(cookie, form([{ name: "fifth.txt", content: "пятый файл" }]))).status).toBe(201);
    // Two files, one place left: neither is registered.
    const tooMany = await post(cookie, form([{ name: "sixth.txt", content: "шестой" }, { name: "seventh.txt", content: "седьмой" }]));
    expect(tooMany.status).toBe(429);
    expect(Number(tooMany.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await tooMany.json()).error.code).toBe("rate_limited");
    expect(await db.document.count({ where: { fileName: { in: ["sixth.txt", "seventh.txt"] } } })).toBe(0);
    expect(await incoming()).toEqual([]);

    expect((await post(cookie, form([{ name: "sixth.txt", content: "шестой" }]))).status).toBe(201);
    // The hour is full: refused before the body is read, so even a body far past every cap is answered at once.
    const stream = oversizedUpload();
    const full = await post(cookie, stream.body, stream.headers);
    expect(full.status).toBe(429);
    expect(Number(full.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(stream.counter.pulled).toBeLessThan(MB);
    expect(await db.document.count({ where: { uploadedById: id } })).toBe(2);

    // Another member's uploads are counted apart.
    const other = await staffCookie("other@uni.ru");
    expect((await post(other.cookie, form([{ name: "other.txt", content: "другой" }]))).status).toBe(201);
  });
});
