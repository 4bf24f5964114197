import { expect, test } from "@playwright/test";
import { createUser, SESSION_COOKIE, sessionCookie, sql } from "./support/staff";

async function askedWithoutAnswer(courseId: string, question: string, reason: "NO_MATCH" | "THUMBS_DOWN") {
  const id = (prefix: string) => `${prefix}_${Math.random().toString(36).slice(2)}`;
  const chatId = id("chat");
  const messageId = id("msg");
  await sql(`INSERT INTO "Chat" (id, "courseId", title, "updatedAt") VALUES ($1, $2, $3, now())`, [chatId, courseId, question]);
  await sql(`INSERT INTO "Message" (id, "chatId", role, text, "answerMode") VALUES ($1, $2, 'ASSISTANT', 'Не знаю.', 'NO_ANSWER')`, [messageId, chatId]);
  await sql(`INSERT INTO "UnansweredQuestion" (id, "courseId", "messageId", question, reason) VALUES ($1, $2, $3, $4, $5)`, [id("uq"), courseId, messageId, question, reason]);
}

test.describe("admin console: FAQ and the unanswered inbox", () => {
  let courseId: string;

  test.beforeEach(async ({ context, baseURL }) => {
    const admin = await createUser("ADMIN");
    await context.addCookies([{ name: SESSION_COOKIE, value: await sessionCookie(admin.id), url: baseURL! }]);
    // A course of its own, so the demo course other tests count stays as seeded.
    [{ id: courseId }] = await sql<{ id: string }>(
      `INSERT INTO "Course" (id, slug, title, "updatedAt") VALUES ('e2e_faq_course', 'e2e-faq-course', 'Курс для проверки FAQ', now())
       ON CONFLICT (slug) DO UPDATE SET title = EXCLUDED.title RETURNING id`,
    );
    await sql(
      `INSERT INTO "QaEntry" (id, kind, "courseId", question, answer, "updatedAt") VALUES ('e2e_faq_entry', 'FAQ', $1, 'Где найти расписание?', 'На сайте факультета.', now())
       ON CONFLICT (id) DO NOTHING`,
      [courseId],
    );
  });

  test("a group of unanswered questions becomes an indexed FAQ entry in one step", async ({ page }) => {
    await askedWithoutAnswer(courseId, "Будет ли консультация перед экзаменом?", "NO_MATCH");
    await askedWithoutAnswer(courseId, "будет консультация перед экзаменом", "THUMBS_DOWN");
    await askedWithoutAnswer(courseId, "Будет ли консультация перед экзаменом?", "NO_MATCH");

    await page.goto(`/admin/courses/${courseId}`);
    await page.getByRole("link", { name: "Вопросы без ответа" }).click();
    const group = page.locator('[data-group="Будет ли консультация перед экзаменом?"]');
    await expect(group).toContainText("3 раза");
    await expect(group).toContainText("не найдено: 2");
    await expect(group).toContainText("«не помогло»: 1");
    await group.getByLabel("Ответ", { exact: true }).fill("Да, консультация 24 января в 16:00 в аудитории 305.");
    await group.getByRole("button", { name: "Добавить в FAQ" }).click();
    await expect(page.getByRole("status")).toHaveText("Ответ добавлен в FAQ и уже используется ассистентом.");
    await expect(group).toHaveCount(0);

    const [entry] = await sql<{ id: string; indexed: boolean }>(
      `SELECT id, "indexedAt" IS NOT NULL AS indexed FROM "QaEntry" WHERE "courseId" = $1 AND question = 'Будет ли консультация перед экзаменом?'`,
      [courseId],
    );
    expect(entry.indexed).toBe(true);
    const open = await sql(`SELECT 1 FROM "UnansweredQuestion" WHERE "courseId" = $1 AND "resolvedAt" IS NULL`, [courseId]);
    expect(open).toHaveLength(0);

    await page.goto(`/admin/courses/${courseId}`);
    await expect(page.locator('[data-entry="Будет ли консультация перед экзаменом?"]')).toContainText("24 января");
  });

  test("an FAQ entry is edited in place and the new answer is indexed", async ({ page }) => {
    await page.goto(`/admin/courses/${courseId}`);
    const question = "Где найти расписание?";
    const entry = page.locator(`[data-entry="${question}"]`);
    await entry.getByRole("button", { name: "Изменить" }).click();
    const form = page.getByRole("form", { name: "Сохранить" });
    await form.getByLabel("Ответ").fill("Обновлённый ответ для проверки.");
    await form.getByRole("button", { name: "Сохранить" }).click();
    await expect(page.locator(`[data-entry="${question}"]`)).toContainText("Обновлённый ответ для проверки.");
    const [row] = await sql<{ answer: string; fresh: boolean }>(
      `SELECT answer, "indexedAt" >= "updatedAt" - interval '1 second' AS fresh FROM "QaEntry" WHERE question = $1 AND "courseId" = $2`,
      [question, courseId],
    );
    expect(row).toEqual({ answer: "Обновлённый ответ для проверки.", fresh: true });
  });
});
