import { access, mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createCourse, listCourses, updateCourse } from "@/lib/admin/courses";
import { acceptUploads, deleteDocument, documentForStaff, listDocuments, reindexDocument } from "@/lib/admin/documents";
import { importQaCsv } from "@/lib/admin/qa-csv";
import { createQaEntry, deleteQaEntry, listQaEntries, updateQaEntry } from "@/lib/admin/qa-entries";
import type { StaffIdentity } from "@/lib/auth/staff";
import { upsertStaffUser } from "@/lib/auth/staff-users";
import { parseConfig, type Config } from "@/lib/config/load";
import { createPrismaClient } from "@/lib/db/client";
import { receiveUploads } from "@/lib/documents/receive-uploads";
import { createEmbedder } from "@/lib/embeddings";
import { addMissingEntryVectors } from "@/lib/rag/qa-index";
import { retrieve } from "@/lib/rag/retrieve";
import { ragServicesOf, type RagServices } from "@/lib/rag/services";
import { LanceDbStore } from "@/lib/vector/lancedb";
import { startRetrievalSidecar } from "../support/embedding-sidecar";
import { closedPort } from "../support/http-stub";
import { multipartUpload } from "../support/multipart";
import { statusOf } from "../support/http-errors";

const CORPUS = path.resolve("../shared/corpus/ru-course");
const db = createPrismaClient(inject("databaseUrl"));
let sidecar: Awaited<ReturnType<typeof startRetrievalSidecar>>;
let config: Config;
let store: LanceDbStore;
let qaDeps: RagServices;
let admin: StaffIdentity;
let staff: StaffIdentity;
let courseId: string;
let otherCourseId: string;

const identity = async (email: string, role: "ADMIN" | "STAFF", courses: string[] = []): Promise<StaffIdentity> => {
  const user = await upsertStaffUser(db, { email, password: "correct horse battery", role, courses });
  return { role, userId: user.id, email, name: null, courseIds: role === "STAFF" ? (await db.staffCourse.findMany({ where: { userId: user.id } })).map((c) => c.courseId) : [] };
};

const upload = async (as: StaffIdentity, files: { name: string; content: Uint8Array | string }[]) =>
  acceptUploads(
    { db, config },
    as,
    courseId,
    await receiveUploads(multipartUpload(files), { tempDir: path.join(config.paths.uploads, ".incoming"), maxBytes: config.UPLOAD_MAX_MB * 1024 * 1024, maxFiles: 20 }),
  );

beforeAll(async () => {
  sidecar = await startRetrievalSidecar();
  config = parseConfig({ DATA_DIR: await mkdtemp(path.join(tmpdir(), "admin-ops-")), EMBEDDINGS_URL: sidecar.url, UPLOAD_MAX_MB: "2" });
  store = await LanceDbStore.open(config.paths.lancedb);
  qaDeps = ragServicesOf(config, db, store, createEmbedder(config).embed);
  const stamp = Date.now();
  admin = await identity(`admin-${stamp}@uni.ru`, "ADMIN");
  courseId = (await createCourse(db, admin, { slug: `opsys-${stamp}`, title: "Операционные системы", language: "ru" })).id;
  otherCourseId = (await createCourse(db, admin, { slug: `history-${stamp}`, title: "История", language: "ru" })).id;
  staff = await identity(`ta-${stamp}@uni.ru`, "STAFF", [`opsys-${stamp}`]);
});

afterAll(async () => {
  await store?.close();
  await sidecar?.close();
  await db.$disconnect();
});

describe("courses", () => {
  it("lets admins create and archive courses, and shows staff only theirs", async () => {
    expect((await listCourses(db, staff)).map((c) => c.id)).toEqual([courseId]);
    expect(await statusOf(createCourse(db, staff, { slug: "mine", title: "Мой курс", language: "ru" }))).toBe(403);
    expect(await statusOf(createCourse(db, admin, { slug: (await listCourses(db, admin))[0].slug, title: "Дубль", language: "ru" }))).toBe(409);
    expect(await statusOf(updateCourse(db, staff, otherCourseId, { title: "Чужой" }))).toBe(403);
    const edited = await updateCourse(db, staff, courseId, { systemPrompt: "Отвечай кратко." });
    expect(edited).toMatchObject({ systemPrompt: "Отвечай кратко.", archived: false });
    expect(await updateCourse(db, admin, otherCourseId, { archived: true })).toMatchObject({ archived: true });
    const audit = await db.auditLog.findMany({ where: { entityId: { in: [courseId, otherCourseId] } }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ["create", admin.userId],
      ["create", admin.userId],
      ["update", staff.userId],
      ["archive", admin.userId],
    ]);
  });
});

describe("uploads and documents", () => {
  let pdfId: string;

  it("stores a real PDF and queues it, with a job the console can follow; the same content twice is one document", async () => {
    const pdf = await readFile(path.join(CORPUS, "probtheory-PT.pdf"));
    expect(pdf.byteLength).toBeLessThan(2 * 1024 * 1024);
    const [outcome] = await upload(staff, [{ name: "Теория вероятностей.pdf", content: pdf }]);
    expect(outcome).toMatchObject({ ok: true });
    pdfId = (outcome as { documentId: string }).documentId;
    const [listed] = await listDocuments(db, courseId);
    expect(listed).toMatchObject({ id: pdfId, title: "Теория вероятностей", type: "PDF", status: "QUEUED", sizeBytes: pdf.byteLength, job: { stage: "QUEUED", progress: 0 } });
    const stored = await db.document.findUniqueOrThrow({ where: { id: pdfId } });
    expect(await readFile(stored.storagePath)).toEqual(pdf);
    expect(stored.uploadedById).toBe(staff.userId);

    const [again] = await upload(admin, [{ name: "copy.pdf", content: pdf }]);
    expect(again).toMatchObject({ ok: false, status: 409, code: "duplicate_document", documentId: pdfId });
    expect(await db.document.count({ where: { courseId } })).toBe(1);
    expect(await readdir(path.join(config.paths.uploads, ".incoming"))).toEqual([]);
  });

  it("reports each refused file with its reason and keeps the good ones of the same batch", async () => {
    const outcomes = await upload(staff, [
      { name: "huge.pdf", content: new Uint8Array(2 * 1024 * 1024 + 10) },
      { name: "archive.zip", content: "PK" },
      { name: "notes.md", content: "# Заметки\n\nПланировщик процессов." },
    ]);
    expect(outcomes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ fileName: "huge.pdf", ok: false, status: 413, code: "file_too_large" }),
        expect.objectContaining({ fileName: "archive.zip", ok: false, status: 415, code: "unsupported_type" }),
        expect.objectContaining({ fileName: "notes.md", ok: true }),
      ]),
    );
    expect((await listDocuments(db, courseId)).map((d) => d.fileName).sort()).toEqual(["notes.md", "Теория вероятностей.pdf"]);
    expect(await readdir(path.join(config.paths.uploads, ".incoming"))).toEqual([]);
  });

  it("keeps staff out of other courses' documents and answers 404 for unknown ones", async () => {
    const outsider = await identity(`outsider-${Date.now()}@uni.ru`, "STAFF", []);
    expect(await statusOf(documentForStaff(db, outsider, pdfId))).toBe(403);
    expect(await statusOf(reindexDocument(db, outsider, pdfId))).toBe(403);
    expect(await statusOf(deleteDocument({ db, store }, outsider, pdfId))).toBe(403);
    expect(await statusOf(documentForStaff(db, admin, "no-such-document"))).toBe(404);
  });

  it("re-index queues a fresh job; delete removes the points, the row and the file", async () => {
    const view = await reindexDocument(db, staff, pdfId);
    expect(view).toMatchObject({ status: "QUEUED", job: { stage: "QUEUED", progress: 0 } });
    expect(await db.ingestionJob.count({ where: { documentId: pdfId } })).toBe(2);

    const stored = await db.document.findUniqueOrThrow({ where: { id: pdfId } });
    await store.ensurePassages();
    await store.upsertPassages("course", [
      { id: "00000000-0000-4000-8000-000000000001", payload: { courseId, documentId: pdfId, entryId: null, title: "t", page: 1, section: null, position: 0, text: "x" } },
    ]);
    await deleteDocument({ db, store }, staff, pdfId);
    expect(await store.count("course", { documentId: pdfId })).toBe(0);
    expect(await db.document.findUnique({ where: { id: pdfId } })).toBeNull();
    expect(await access(stored.storagePath).then(() => true, () => false)).toBe(false);
    const audit = await db.auditLog.findMany({ where: { entityId: pdfId }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["upload", "reindex", "delete"]);
  });
});

describe("FAQ and organisational entries", () => {
  /** The same parts over a vector store that refuses every write. */
  const broken = (): RagServices => {
    const failing: LanceDbStore = Object.create(store);
    failing.upsertPassages = () => Promise.reject(new Error("disk full"));
    return { ...qaDeps, store: failing };
  };

  it("indexes an entry when it is created and edited, so retrieval finds the new answer at once", async () => {
    const entry = await createQaEntry(qaDeps, staff, { kind: "FAQ", courseId, question: "Когда экзамен по операционным системам?", answer: "Экзамен 20 января в 10:00, ауд. 301." });
    expect(entry.indexedAt).not.toBeNull();
    expect(await store.count("faq", { entryId: entry.id })).toBe(1);

    await updateQaEntry(qaDeps, staff, entry.id, { answer: "Экзамен перенесён на 27 января, ауд. 214." });
    const [hit] = (await retrieve(qaDeps, { courseId, query: "Когда экзамен по операционным системам?", k: 3 })).passages;
    expect(hit).toMatchObject({ source: "faq", entryId: entry.id });
    expect(hit.text).toContain("27 января");
    expect(await store.count("faq", { entryId: entry.id })).toBe(1);

    expect((await listQaEntries(db, staff, { kind: "FAQ" })).map((e) => e.id)).toContain(entry.id);
    await deleteQaEntry(qaDeps, staff, entry.id);
    expect(await store.count("faq", { entryId: entry.id })).toBe(0);
    expect(await db.qaEntry.findUnique({ where: { id: entry.id } })).toBeNull();
  });

  it("keeps global entries to admins and other courses' entries to their staff", async () => {
    expect(await statusOf(createQaEntry(qaDeps, staff, { kind: "ORGANIZATION", courseId: null, question: "Где деканат?", answer: "Корпус 2." }))).toBe(403);
    expect(await statusOf(createQaEntry(qaDeps, staff, { kind: "FAQ", courseId: otherCourseId, question: "Q?", answer: "A." }))).toBe(403);
    expect(await statusOf(listQaEntries(db, staff, { courseId: otherCourseId }))).toBe(403);
    const global = await createQaEntry(qaDeps, admin, { kind: "ORGANIZATION", courseId: null, question: "Где деканат?", answer: "Корпус 2, комната 105." });
    expect(await statusOf(updateQaEntry(qaDeps, staff, global.id, { answer: "Нигде" }))).toBe(403);
    expect(await statusOf(deleteQaEntry(qaDeps, staff, global.id))).toBe(403);
    expect(await statusOf(updateQaEntry(qaDeps, admin, "no-such-entry", { answer: "x" }))).toBe(404);
    expect(await statusOf(createQaEntry(qaDeps, admin, { kind: "FAQ", courseId: "no-such-course", question: "Q?", answer: "A." }))).toBe(404);
  });

  it("imports a CSV: new questions are created, known ones updated, all indexed; a bad or unindexable file changes nothing", async () => {
    const csv = "kind,question,answer\nFAQ,Нужна ли посещаемость?,Да\nFAQ,Где консультации?,Ауд. 214\nORGANIZATION,Где библиотека?,Корпус 3\nFAQ,Где консультации?,\"Ауд. 215, по средам\"\n";
    expect(await importQaCsv(qaDeps, staff, courseId, csv)).toEqual({ created: 3, updated: 0, unchanged: 0 });
    const imported = await db.qaEntry.findMany({ where: { courseId, question: { in: ["Нужна ли посещаемость?", "Где консультации?", "Где библиотека?"] } } });
    expect(imported.map((e) => e.answer).sort()).toEqual(["Ауд. 215, по средам", "Да", "Корпус 3"]);
    expect(await store.count("org", { entryId: imported.find((e) => e.kind === "ORGANIZATION")!.id })).toBe(1);

    const again = "kind,question,answer\nFAQ,Нужна ли посещаемость?,Нет\nFAQ,Где консультации?,\"Ауд. 215, по средам\"\n";
    expect(await importQaCsv(qaDeps, staff, courseId, again)).toEqual({ created: 0, updated: 1, unchanged: 1 });
    const [hit] = (await retrieve(qaDeps, { courseId, query: "Нужна ли посещаемость?", k: 1 })).passages;
    expect(hit.text).toContain("Нет");

    const before = await db.qaEntry.count();
    expect(await statusOf(importQaCsv(qaDeps, staff, courseId, "kind,question,answer\nFAQ,Новый?,Да\nFAQ,,Нет\n"))).toBe(400);
    expect(await statusOf(importQaCsv(qaDeps, staff, null, "question,answer\nГде?,Тут\n"))).toBe(403);
    expect(await statusOf(importQaCsv(broken(), staff, courseId, "question,answer\nНовый?,Да\nНужна ли посещаемость?,Снова да\n"))).toBe(503);
    expect(await db.qaEntry.count()).toBe(before);
    expect((await db.qaEntry.findFirstOrThrow({ where: { courseId, question: "Нужна ли посещаемость?" } })).answer).toBe("Нет");
  });

  it("with the embedder down, saves an entry that is found by its words at once and gets its vector later", async () => {
    const downConfig = parseConfig({ DATA_DIR: config.paths.data, EMBEDDINGS_URL: `http://127.0.0.1:${await closedPort()}` });
    const down = ragServicesOf(downConfig, db, store, createEmbedder(downConfig).embed);
    const entry = await createQaEntry(down, staff, { kind: "FAQ", courseId, question: "Можно ли сдать работу позже срока?", answer: "Да, со штрафом 10 %." });
    expect(await db.qaEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ vectorKey: null });
    expect(entry.indexedAt).not.toBeNull();
    const found = await retrieve(down, { courseId, query: "сдать работу позже срока", k: 3 });
    expect(found.mode).toBe("lexical");
    expect(found.passages[0]).toMatchObject({ source: "faq", entryId: entry.id });

    const space = (await qaDeps.spaces.current())!;
    while (await addMissingEntryVectors(qaDeps, space));
    expect(await db.qaEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ vectorKey: space.key });
    expect(await store.count("faq", { entryId: entry.id }, space)).toBe(1);
  });

  it("refuses a change it cannot index (vector store failing) and leaves the entry as it was", async () => {
    const before = await db.qaEntry.count();
    expect(await statusOf(createQaEntry(broken(), staff, { kind: "FAQ", courseId, question: "Есть ли пересдача?", answer: "Да, в феврале." }))).toBe(503);
    expect(await db.qaEntry.count()).toBe(before);

    const entry = await createQaEntry(qaDeps, staff, { kind: "FAQ", courseId, question: "Есть ли пересдача?", answer: "Да, в феврале." });
    expect(await statusOf(updateQaEntry(broken(), staff, entry.id, { answer: "Нет." }))).toBe(503);
    expect(await db.qaEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ answer: "Да, в феврале." });
  });
});
