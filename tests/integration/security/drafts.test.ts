import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { updateCourse } from "@/lib/admin/courses";
import type { StaffIdentity } from "@/lib/auth/staff";
import { findOwnChat, listChats } from "@/lib/chat/chats";
import { handleChatRequest } from "@/lib/chat/handle-chat";
import { createChatDeps, type ChatDeps } from "@/lib/chat/services";
import { parseConfig } from "@/lib/config/load";
import { getActiveCourse, listActiveCourses } from "@/lib/courses/queries";
import { createPrismaClient } from "@/lib/db/client";
import { PEER_HEADER, peerStamp } from "@/lib/http/client-address";
import { statusOf } from "../../support/http-errors";
import { readUiChunks } from "../../support/ui-stream";

// Finding 3: a course is a draft until staff publish it, and a draft is not there for students:
// not on the course page, not in the chat, not its files. The real route handlers and queries, on
// the shared test database under slugs of this file's own.
const db = createPrismaClient(inject("databaseUrl"));
const stamp = Date.now();
const slug = `draft-${stamp}`;
const peer = `10.${stamp % 250}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
let deps: ChatDeps;
let courseId: string;
let documentId: string;
let admin: StaffIdentity;
let fileRoute: (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;

function ask(message: string) {
  return handleChatRequest(
    deps,
    new Request("http://app.test/api/chat", {
      method: "POST",
      headers: { "content-type": "application/json", [PEER_HEADER]: peerStamp(peer) },
      body: JSON.stringify({ courseSlug: slug, message }),
    }),
  );
}

const openFile = () => fileRoute(new Request(`http://app.test/api/documents/${documentId}/file`), { params: Promise.resolve({ id: documentId }) });

/** What a student meets: the course page, a question (status), the file (status). */
async function studentView() {
  const chat = await ask("Что такое черновик?");
  // A reachable course answers in a stream; reading it to the end lets the answer be recorded.
  if (chat.ok) await readUiChunks(chat);
  const file = await openFile();
  await file.body?.cancel();
  return {
    page: (await getActiveCourse(db, slug))?.id ?? null,
    listed: (await listActiveCourses(db)).some((course) => course.id === courseId),
    chat: chat.status,
    file: file.status,
  };
}

beforeAll(async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), "drafts-"));
  // The file route reads its database from the environment, as in production.
  Object.assign(process.env, { DATABASE_URL: inject("databaseUrl"), DATA_DIR: dataDir });
  ({ GET: fileRoute } = await import("@/app/api/documents/[id]/file/route"));
  // No passages: a question to a reachable course is answered "I don't know", with no model or index.
  deps = createChatDeps(parseConfig({ DATA_DIR: dataDir }), db, async () => ({ passages: [], mode: "lexical", floors: { lexical: 0.5, dense: null } }));
  const course = await db.course.create({ data: { slug, title: "Черновик курса" } });
  courseId = course.id;
  const storagePath = path.join(dataDir, "notes.md");
  await writeFile(storagePath, "# Конспект\n");
  documentId = (
    await db.document.create({
      data: { courseId, fileName: "notes.md", title: "Конспект", type: "MARKDOWN", mimeType: "text/markdown", sizeBytes: 12, checksum: `draft-${stamp}`, storagePath, status: "READY" },
    })
  ).id;
  const user = await db.user.create({ data: { email: `drafts-admin-${stamp}@uni.ru`, role: "ADMIN" } });
  admin = { role: "ADMIN", userId: user.id, email: user.email!, name: null, courseIds: [] };
});

afterAll(async () => {
  await db.course.deleteMany({ where: { slug } });
  await db.user.deleteMany({ where: { email: `drafts-admin-${stamp}@uni.ru` } });
  await db.$disconnect();
});

describe("a draft course", () => {
  it("is not there for students until published, is there once published, and goes away again when unpublished", async () => {
    expect(await studentView()).toEqual({ page: null, listed: false, chat: 404, file: 404 });

    expect(await updateCourse(db, admin, courseId, { published: true })).toMatchObject({ published: true });
    expect(await studentView()).toEqual({ page: courseId, listed: true, chat: 200, file: 200 });

    expect(await updateCourse(db, admin, courseId, { published: false })).toMatchObject({ published: false });
    expect(await studentView()).toEqual({ page: null, listed: false, chat: 404, file: 404 });
  });

  it("hides a student's chats in it, from their list and by id, while unpublished", async () => {
    await updateCourse(db, admin, courseId, { published: true });
    const first = await ask("Первый вопрос?");
    const visitorId = /ca_visitor=([^;]+)/.exec(first.headers.get("set-cookie") ?? "")![1];
    await readUiChunks(first);
    const owner = { visitorId, userId: null, widget: null };
    const [chat] = await listChats(db, owner, slug);
    expect(chat).toBeDefined();
    expect(await findOwnChat(db, owner, chat!.id)).not.toBeNull();
    await updateCourse(db, admin, courseId, { published: false });
    expect(await listChats(db, owner, slug)).toEqual([]);
    expect(await findOwnChat(db, owner, chat!.id), "GET, PATCH and DELETE /api/chats/:id find it through findOwnChat").toBeNull();
  });
});

describe("a course's daily token budget", () => {
  it("is set and cleared by administrators only, not by the course's staff", async () => {
    const staff: StaffIdentity = { ...admin, role: "STAFF", courseIds: [courseId] };
    expect(await statusOf(updateCourse(db, staff, courseId, { dailyTokenBudget: 1_000_000 }))).toBe(403);
    expect(await updateCourse(db, admin, courseId, { dailyTokenBudget: 5000 })).toMatchObject({ dailyTokenBudget: 5000 });
    expect(await updateCourse(db, staff, courseId, { title: "Черновик курса" })).toMatchObject({ dailyTokenBudget: 5000 });
    expect(await updateCourse(db, admin, courseId, { dailyTokenBudget: null })).toMatchObject({ dailyTokenBudget: null });
  });
});
