import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { answerGroup, dismissQuestions, unansweredInbox, type InboxDeps } from "@/lib/admin/unanswered/inbox";
import type { StaffIdentity } from "@/lib/auth/staff";
import { parseConfig } from "@/lib/config/load";
import { createPrismaClient } from "@/lib/db/client";
import { createEmbedder } from "@/lib/embeddings";
import { OFF_TOPIC_PROBES } from "@/lib/rag/calibration/probes";
import { retrieve } from "@/lib/rag/retrieve";
import { ragServicesOf, type RagServices } from "@/lib/rag/services";
import { LanceDbStore } from "@/lib/vector/lancedb";
import { startRetrievalSidecar } from "../support/embedding-sidecar";
import { closedPort } from "../support/http-stub";
import { statusOf } from "../support/http-errors";

const db = createPrismaClient(inject("databaseUrl"));
let sidecar: Awaited<ReturnType<typeof startRetrievalSidecar>>;
let deps: RagServices;
let courseId: string;
let admin: StaffIdentity;

async function ask(question: string, reason: "NO_MATCH" | "THUMBS_DOWN", minutesAgo: number) {
  const chat = await db.chat.create({ data: { courseId, title: question } });
  const createdAt = new Date(Date.now() - minutesAgo * 60_000);
  const message = await db.message.create({ data: { chatId: chat.id, role: "ASSISTANT", text: "Не знаю.", answerMode: "NO_ANSWER", createdAt } });
  return (await db.unansweredQuestion.create({ data: { courseId, messageId: message.id, question, reason, createdAt } })).id;
}

beforeAll(async () => {
  sidecar = await startRetrievalSidecar();
  const config = parseConfig({ DATA_DIR: await mkdtemp(path.join(tmpdir(), "inbox-")), EMBEDDINGS_URL: sidecar.url });
  deps = ragServicesOf(config, db, await LanceDbStore.open(config.paths.lancedb), createEmbedder(config).embed);
  courseId = (await db.course.create({ data: { slug: `inbox-${Date.now()}`, title: "Теория вероятностей" } })).id;
  const user = await db.user.create({ data: { email: `inbox-admin-${Date.now()}@uni.ru`, role: "ADMIN" } });
  admin = { role: "ADMIN", userId: user.id, email: user.email!, name: null, courseIds: [] };
});

afterAll(async () => {
  await deps?.store.close();
  await sidecar?.close();
  await db.$disconnect();
});

describe("unanswered questions inbox", () => {
  let examIds: string[];

  it("groups the open questions by what they ask, with counts and reasons, largest group first", async () => {
    const oldest = await ask("Когда экзамен по теории вероятностей?", "NO_MATCH", 30);
    const reworded = await ask("когда будет экзамен по теории вероятностей", "THUMBS_DOWN", 20);
    examIds = [await ask("Когда экзамен по теории вероятностей?", "NO_MATCH", 5), reworded, oldest];
    const slides = await ask("Где скачать слайды лекций?", "NO_MATCH", 10);
    const inbox = await unansweredInbox(deps, admin, courseId);
    expect(inbox).toMatchObject({ total: 4, groupedByMeaning: true });
    expect(inbox.groups).toHaveLength(2);
    expect(inbox.groups[0]).toMatchObject({
      representative: "Когда экзамен по теории вероятностей?",
      questionIds: examIds,
      wordings: ["Когда экзамен по теории вероятностей?", "когда будет экзамен по теории вероятностей"],
      reasons: { NO_MATCH: 2, THUMBS_DOWN: 1 },
    });
    expect(inbox.groups[1]).toMatchObject({ questionIds: [slides], reasons: { NO_MATCH: 1, THUMBS_DOWN: 0 } });
  });

  it("turns a group into an indexed FAQ entry that retrieval finds at once, and closes the group's questions", async () => {
    const entry = await answerGroup(deps, admin, courseId, { questionIds: examIds, question: "Когда экзамен?", answer: "Экзамен 25 января в 9:00, аудитория 410." });
    expect(entry).toMatchObject({ kind: "FAQ", courseId });
    const rows = await db.unansweredQuestion.findMany({ where: { id: { in: examIds } } });
    expect(rows.every((row) => row.resolvedEntryId === entry.id && row.resolvedAt !== null)).toBe(true);
    const [hit] = (await retrieve(deps, { courseId, query: "Когда экзамен?", k: 3 })).passages;
    expect(hit).toMatchObject({ source: "faq", entryId: entry.id });
    expect((await unansweredInbox(deps, admin, courseId)).groups.map((g) => g.representative)).toEqual(["Где скачать слайды лекций?"]);
    expect(await statusOf(answerGroup(deps, admin, courseId, { questionIds: examIds, question: "Q?", answer: "A." }))).toBe(409);
  });

  it("dismisses questions, refuses bad input and keeps other staff out", async () => {
    const [slides] = (await unansweredInbox(deps, admin, courseId)).groups;
    expect(await statusOf(dismissQuestions(deps, admin, courseId, { questionIds: [] }))).toBe(400);
    expect(await statusOf(answerGroup(deps, admin, courseId, { questionIds: slides.questionIds, question: "", answer: "x" }))).toBe(400);
    const outsider: StaffIdentity = { ...admin, role: "STAFF", courseIds: [] };
    expect(await statusOf(unansweredInbox(deps, outsider, courseId))).toBe(403);
    expect(await statusOf(dismissQuestions(deps, outsider, courseId, { questionIds: slides.questionIds }))).toBe(403);
    await dismissQuestions(deps, admin, courseId, { questionIds: slides.questionIds });
    expect((await unansweredInbox(deps, admin, courseId)).groups).toEqual([]);
    expect(await db.auditLog.count({ where: { action: "dismiss", entityId: courseId } })).toBe(1);
  });

  it("still groups by wording while the embedder is down, and says so", async () => {
    await ask("Сколько баллов нужно для зачёта?", "NO_MATCH", 2);
    await ask("сколько баллов нужно на зачёт", "NO_MATCH", 1);
    const down = { ...deps, embed: createEmbedder(parseConfig({ EMBEDDINGS_URL: `http://127.0.0.1:${await closedPort()}` })).embed };
    const inbox = await unansweredInbox(down, admin, courseId);
    expect(inbox.groupedByMeaning).toBe(false);
    expect(inbox.groups.map((g) => g.questionIds.length)).toEqual([2]);
  });

  it("embeds each question once, keeps its vector, and embeds again only under another model", async () => {
    const real = deps.embed;
    const embedded: string[] = [];
    // Each model gets its own parts, as a process does: its space tracker sees that model.
    const counting = (embed: InboxDeps["embed"]): InboxDeps =>
      ragServicesOf(deps.config, db, deps.store, (texts, inputType) => (embedded.push(...texts), embed(texts, inputType)));
    // Not counted: the model's fingerprint probe and the off-topic probes its grouping floor comes from.
    const questionsEmbedded = () => embedded.filter((text) => !text.includes("When is the exam?") && !OFF_TOPIC_PROBES.includes(text));
    const open = await db.unansweredQuestion.findMany({ where: { courseId, resolvedAt: null }, select: { question: true } });

    const first = await unansweredInbox(counting(real), admin, courseId);
    expect(questionsEmbedded().sort()).toEqual(open.map((q) => q.question).sort());
    const stored = await db.unansweredQuestion.findMany({ where: { courseId, resolvedAt: null } });
    expect(stored.every((q) => q.embedding.length > 0 && q.embeddingKey !== null)).toBe(true);

    embedded.length = 0;
    const later = await ask("Где скачать слайды лекций?", "NO_MATCH", 0);
    const second = await unansweredInbox(counting(real), admin, courseId);
    expect(questionsEmbedded()).toEqual(["Где скачать слайды лекций?"]);
    expect(second.groups.flatMap((g) => g.questionIds)).toContain(later);
    expect(second.groups.filter((g) => !g.questionIds.includes(later))).toEqual(first.groups);

    // Another model: every stored vector is of another space, so all are made again.
    embedded.length = 0;
    const otherModel: InboxDeps["embed"] = async (texts, inputType) => (await real(texts, inputType)).map((v) => v.map((x) => -x));
    await unansweredInbox(counting(otherModel), admin, courseId);
    expect(questionsEmbedded()).toHaveLength(open.length + 1);
  });
});
