import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { listDocuments } from "@/lib/admin/documents";
import { openSession } from "@/lib/auth/sessions";
import { parseConfig } from "@/lib/config/load";
import { createPrismaClient } from "@/lib/db/client";
import { createEmbedder } from "@/lib/embeddings";
import { probeSpace } from "@/lib/embeddings/space";
import type { DocumentStatus } from "@/lib/generated/prisma/enums";
import { courseFloors, LEXICAL_SPACE } from "@/lib/rag/calibration/floors";
import type { VectorSpace } from "@/lib/vector/types";
import { startRetrievalSidecar } from "../support/embedding-sidecar";

// The admin API as the console calls it: the real route handlers, a signed session cookie, and the
// real sidecar behind them, so "the current embedding model" is a real model's fingerprint.
const AUTH_SECRET = "admin-floors-test-secret-0123456789abcdef";
const db = createPrismaClient(inject("databaseUrl"));
const stamp = Date.now();
let sidecar: Awaited<ReturnType<typeof startRetrievalSidecar>>;
let space: VectorSpace;
let cookie: string;
let outsiderCookie: string;
let courseId: string;

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;
type Routes = {
  course: { GET: Handler<{ courseId: string }>; PATCH: Handler<{ courseId: string }> };
  documents: { GET: Handler<{ courseId: string }> };
  document: { GET: Handler<{ documentId: string }> };
};
let routes: Routes;

async function call<P>(handler: Handler<P>, params: P, init: { method?: string; body?: unknown; as?: string } = {}) {
  const request = new Request("http://app.test/api/admin", {
    method: init.method ?? "GET",
    headers: { cookie: `next-auth.session-token=${init.as ?? cookie}`, "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const response = await handler(request, { params: Promise.resolve(params) });
  return { status: response.status, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function signedIn(role: "ADMIN" | "STAFF"): Promise<string> {
  const user = await db.user.create({ data: { email: `${role.toLowerCase()}-floors-${stamp}@uni.ru`, role } });
  return encode({ token: { sid: await openSession(db, user.id, 1) }, secret: AUTH_SECRET });
}

beforeAll(async () => {
  sidecar = await startRetrievalSidecar();
  // The routes read their settings from the environment, as in production.
  Object.assign(process.env, {
    DATABASE_URL: inject("databaseUrl"),
    DATA_DIR: await mkdtemp(path.join(tmpdir(), "admin-floors-")),
    EMBEDDINGS_URL: sidecar.url,
    AUTH_SECRET,
  });
  space = await probeSpace(createEmbedder(parseConfig({ EMBEDDINGS_URL: sidecar.url })).embed);
  routes = {
    course: await import("@/app/api/admin/courses/[courseId]/route"),
    documents: await import("@/app/api/admin/courses/[courseId]/documents/route"),
    document: await import("@/app/api/admin/documents/[documentId]/route"),
  };
  courseId = (await db.course.create({ data: { slug: `floors-${stamp}`, title: "Алгоритмы", language: "en" } })).id;
  cookie = await signedIn("ADMIN");
  outsiderCookie = await signedIn("STAFF");
});

afterAll(async () => {
  await db.course.deleteMany({ where: { id: courseId } });
  await db.user.deleteMany({ where: { email: { endsWith: `-floors-${stamp}@uni.ru` } } });
  await sidecar?.close();
  await db.$disconnect();
});

describe("course API: relevance floors", () => {
  it("GET shows each floor as calibrated (value, probe questions, when) for the lexical index and the current model", async () => {
    const before = await call(routes.course.GET, { courseId });
    expect(before.status).toBe(200);
    expect(before.body.course.floors).toEqual({
      lexical: { calibrated: null, override: null },
      dense: { space: space.key, calibrated: null, override: null },
    });

    const computedAt = new Date("2026-11-30T09:15:00Z");
    await db.relevanceFloor.createMany({
      data: [
        { courseId, space: LEXICAL_SPACE, value: 0.375, probeCount: 240, materialsStamp: "m1", computedAt },
        { courseId, space: space.key, value: 0.31234, probeCount: 240, materialsStamp: "m1", computedAt },
        // Another model's floor: not the one in effect, so not the one shown.
        { courseId, space: "retired-model", value: 0.9, probeCount: 100, materialsStamp: "m0", computedAt },
      ],
    });
    const after = await call(routes.course.GET, { courseId });
    expect(after.body.course).toMatchObject({ id: courseId, title: "Алгоритмы" });
    expect(after.body.course.floors).toEqual({
      lexical: { calibrated: { value: 0.375, probeCount: 240, computedAt: computedAt.toISOString() }, override: null },
      dense: { space: space.key, calibrated: { value: 0.31234, probeCount: 240, computedAt: computedAt.toISOString() }, override: null },
    });
  });

  it("PATCH saves the overrides, the chat's floors follow at once, and null goes back to the calibration", async () => {
    // The chat has read (and cached) the calibrated floors.
    const cached = await courseFloors(db, courseId);
    expect([cached.lexical, cached.dense(space.key)]).toEqual([0.375, 0.31234]);

    const saved = await call(routes.course.PATCH, { courseId }, { method: "PATCH", body: { denseFloorOverride: 0.45, lexicalFloorOverride: 0.6 } });
    expect(saved.status).toBe(200);
    expect(saved.body.course.floors).toMatchObject({ lexical: { override: 0.6, calibrated: { value: 0.375 } }, dense: { override: 0.45, calibrated: { value: 0.31234 } } });
    // Only what was sent changes (the course stays English).
    expect(await db.course.findUniqueOrThrow({ where: { id: courseId } })).toMatchObject({ denseFloorOverride: 0.45, lexicalFloorOverride: 0.6, language: "en", title: "Алгоритмы" });
    const overridden = await courseFloors(db, courseId);
    expect([overridden.lexical, overridden.dense(space.key)]).toEqual([0.6, 0.45]);
    expect((await call(routes.course.GET, { courseId })).body.course.floors).toMatchObject({ lexical: { override: 0.6 }, dense: { override: 0.45 } });

    const reset = await call(routes.course.PATCH, { courseId }, { method: "PATCH", body: { denseFloorOverride: null } });
    expect(reset.status).toBe(200);
    expect(reset.body.course.floors).toMatchObject({ lexical: { override: 0.6 }, dense: { override: null } });
    expect((await courseFloors(db, courseId)).dense(space.key)).toBe(0.31234);

    const audit = await db.auditLog.findMany({ where: { entityId: courseId, action: "update" }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => (a.details as { fields: string[] }).fields)).toEqual([["denseFloorOverride", "lexicalFloorOverride"], ["denseFloorOverride"]]);
  });

  it("refuses an override out of range or not a number with 400 and a message naming the field, and changes nothing", async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ denseFloorOverride: 1.5 }, /^denseFloorOverride: must be a number from -1 to 1/],
      [{ denseFloorOverride: -1.01 }, /^denseFloorOverride: must be a number from -1 to 1/],
      [{ denseFloorOverride: "0.3" }, /^denseFloorOverride: must be a number from -1 to 1/],
      [{ lexicalFloorOverride: -0.5 }, /^lexicalFloorOverride: must be a number from 0 to 1/],
      [{ lexicalFloorOverride: 1.5 }, /^lexicalFloorOverride: must be a number from 0 to 1/],
      [{ lexicalFloorOverride: "high", title: "Другое название" }, /^lexicalFloorOverride: must be a number from 0 to 1/],
    ];
    for (const [body, message] of cases) {
      const refused = await call(routes.course.PATCH, { courseId }, { method: "PATCH", body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.code).toBe("invalid_request");
      expect(refused.body.error.message).toMatch(message);
    }
    expect(await db.course.findUniqueOrThrow({ where: { id: courseId } })).toMatchObject({ title: "Алгоритмы", denseFloorOverride: null, lexicalFloorOverride: 0.6 });
    // The limits themselves are allowed.
    const edges = await call(routes.course.PATCH, { courseId }, { method: "PATCH", body: { denseFloorOverride: -1, lexicalFloorOverride: 0 } });
    expect(edges.body.course.floors).toMatchObject({ lexical: { override: 0 }, dense: { override: -1 } });
  });

  it("keeps other courses' staff out of the floors (403)", async () => {
    expect((await call(routes.course.GET, { courseId }, { as: outsiderCookie })).status).toBe(403);
    expect((await call(routes.course.PATCH, { courseId }, { method: "PATCH", body: { lexicalFloorOverride: 0.9 }, as: outsiderCookie })).status).toBe(403);
    expect((await db.course.findUniqueOrThrow({ where: { id: courseId } })).lexicalFloorOverride).toBe(0);
  });
});

describe("documents list: vectors pending", () => {
  const ids: Record<string, string> = {};
  const add = async (fileName: string, status: DocumentStatus, vectorKey: string | null) => {
    const document = await db.document.create({
      data: { courseId, fileName, title: fileName, type: "MARKDOWN", mimeType: "text/markdown", sizeBytes: 10, checksum: `${stamp}-${fileName}`, storagePath: `/tmp/${fileName}`, status, vectorKey },
    });
    ids[fileName] = document.id;
  };
  const pendingByName = async () => {
    const listed = await call(routes.documents.GET, { courseId });
    expect(listed.status).toBe(200);
    return Object.fromEntries((listed.body.documents as { fileName: string; vectorsPending: boolean }[]).map((d) => [d.fileName, d.vectorsPending]));
  };

  beforeAll(async () => {
    await add("words-only.md", "READY", null);
    await add("current.md", "READY", space.key);
    await add("old-model.md", "READY", "retired-model");
    await add("queued.md", "QUEUED", null);
    await add("failed.md", "FAILED", null);
  });

  it("marks READY documents without vectors of the current model, and clears the mark once they have them", async () => {
    expect(await pendingByName()).toEqual({ "words-only.md": true, "current.md": false, "old-model.md": true, "queued.md": false, "failed.md": false });
    expect((await call(routes.document.GET, { documentId: ids["words-only.md"] })).body.document).toMatchObject({ status: "READY", vectorsPending: true });

    await db.document.update({ where: { id: ids["words-only.md"] }, data: { vectorKey: space.key } });
    expect((await pendingByName())["words-only.md"]).toBe(false);
    expect((await call(routes.document.GET, { documentId: ids["words-only.md"] })).body.document.vectorsPending).toBe(false);
  });

  it("with no embedder answering, only READY documents with no vectors at all are pending", async () => {
    await db.document.update({ where: { id: ids["words-only.md"] }, data: { vectorKey: null } });
    const byName = (documents: { fileName: string; vectorsPending: boolean }[]) => Object.fromEntries(documents.map((d) => [d.fileName, d.vectorsPending]));
    expect(byName(await listDocuments(db, courseId, null))).toEqual({ "words-only.md": true, "current.md": false, "old-model.md": false, "queued.md": false, "failed.md": false });
    expect(byName(await listDocuments(db, courseId, { key: "another-model" }))).toEqual({ "words-only.md": true, "current.md": true, "old-model.md": true, "queued.md": false, "failed.md": false });
  });

  it("shows a running VECTORS job's kind and progress on a READY document", async () => {
    await db.ingestionJob.create({ data: { documentId: ids["old-model.md"], kind: "VECTORS", status: "RUNNING", stage: "EMBEDDING", progress: 40 } });
    const listed = await call(routes.documents.GET, { courseId });
    const document = (listed.body.documents as { fileName: string }[]).find((d) => d.fileName === "old-model.md");
    expect(document).toMatchObject({ status: "READY", vectorsPending: true, job: { kind: "VECTORS", status: "RUNNING", stage: "EMBEDDING", progress: 40 } });
  });
});
