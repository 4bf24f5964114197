import { afterAll, describe, expect, inject, it } from "vitest";
import { closeInterruptedAnswers, INTERRUPTED_AFTER_MS } from "@/lib/chat/interrupted-answers";
import { createPrismaClient } from "@/lib/db/client";

const db = createPrismaClient(inject("databaseUrl"));
afterAll(() => db.$disconnect());

describe("answers a stopped server left streaming", () => {
  it("are marked failed once they are older than any answer can stream; live ones are left alone", async () => {
    const course = await db.course.create({ data: { slug: `interrupted-${Date.now()}`, title: "Курс" } });
    const chat = await db.chat.create({ data: { courseId: course.id, title: "Вопрос" } });
    const now = new Date();
    const old = await db.message.create({
      data: { chatId: chat.id, role: "ASSISTANT", text: "Начало отв", status: "STREAMING", createdAt: new Date(now.getTime() - INTERRUPTED_AFTER_MS - 1000) },
    });
    const live = await db.message.create({ data: { chatId: chat.id, role: "ASSISTANT", text: "", status: "STREAMING", createdAt: new Date(now.getTime() - 5000) } });
    expect(await closeInterruptedAnswers(db, now)).toBeGreaterThanOrEqual(1);
    expect(await db.message.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ status: "FAILED", text: "Начало отв", errorText: expect.stringMatching(/Interrupted/) });
    expect(await db.message.findUniqueOrThrow({ where: { id: live.id } })).toMatchObject({ status: "STREAMING" });
    await db.course.delete({ where: { id: course.id } });
  });
});
