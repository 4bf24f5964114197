import { expect, test } from "@playwright/test";
import { databaseUrl } from "../tests/support/databases";
import { ask, answers, FAQ_QUESTION, LLM_QUESTION, openCourseChat, waitForIndexedCourse } from "./support/chat";
import { CHAT_SERVERS } from "./support/chat-servers";
import { createUser, SESSION_COOKIE, sessionCookie, sql } from "./support/staff";

const server = CHAT_SERVERS.none;

test.beforeAll(async () => {
  test.setTimeout(150_000);
  await waitForIndexedCourse(server);
});

test("without an LLM the assistant quotes the best passages, clearly labelled, with citations", async ({ page }) => {
  await openCourseChat(page);
  await ask(page, LLM_QUESTION);
  const answer = answers(page).last();
  await expect(answer).toContainText("Без языковой модели: цитаты из материалов");
  await expect(answer).toContainText("Режим без языковой модели.");
  await expect(answer.locator("blockquote").first()).toBeVisible();
  await expect(answer.getByRole("navigation", { name: "Источники" })).toContainText("Лекция 2. Переменные и типы данных");
});

test("an FAQ answer edited in the admin console is what the chat answers next", async ({ page, context }) => {
  const database = databaseUrl(`course_assistant_e2e_chat_${server.name}`);
  const admin = await createUser("ADMIN", { database });
  await context.addCookies([{ name: SESSION_COOKIE, value: await sessionCookie(admin.id, database), url: `http://127.0.0.1:${server.port}` }]);
  const [{ id: courseId }] = await sql<{ id: string }>(`SELECT id FROM "Course" WHERE slug = 'python-basics'`, [], database);
  await page.goto(`/admin/courses/${courseId}`);
  const entry = page.locator(`[data-entry="${FAQ_QUESTION}"]`);
  await entry.getByRole("button", { name: "Изменить" }).click();
  const form = page.getByRole("form", { name: "Сохранить" });
  await form.getByLabel("Ответ").fill("Домашнее задание теперь сдаётся до пятницы, 18:00, через LMS.");
  await form.getByRole("button", { name: "Сохранить" }).click();
  await expect(entry).toContainText("до пятницы, 18:00");

  await openCourseChat(page);
  await ask(page, FAQ_QUESTION);
  await expect(answers(page).last()).toContainText("Домашнее задание теперь сдаётся до пятницы, 18:00, через LMS.");
});

test("the chat speaks English after the language switch", async ({ page }) => {
  await openCourseChat(page);
  await page.getByRole("group", { name: "Язык интерфейса" }).getByRole("button", { name: "English" }).click();
  await expect(page.getByLabel("Your question")).toBeVisible();
  const input = page.getByLabel("Your question");
  await input.fill("Как приготовить борщ со свёклой?");
  await input.press("Enter");
  await expect(page.getByRole("listitem", { name: "Assistant" }).last()).toContainText("I don't know");
  await page.getByRole("group", { name: "Interface language" }).getByRole("button", { name: "Русский" }).click();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 393, height: 851 }, isMobile: true, hasTouch: true });

  test("the chat fits the screen and the chat list opens from its button", async ({ page }, testInfo) => {
    await openCourseChat(page);
    await ask(page, LLM_QUESTION);
    await expect(answers(page).last()).toContainText("Режим без языковой модели.");
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: testInfo.outputPath("chat-mobile.png") });
    // No keyboard hint on a touch screen: it would only take room.
    await expect(page.getByText("Enter — отправить, Shift+Enter — новая строка")).toBeHidden();
    const list = page.getByRole("complementary", { name: "Ваши чаты" });
    await expect(list).toBeHidden();
    await page.getByRole("button", { name: "Чаты" }).click();
    await expect(list.getByRole("button", { name: LLM_QUESTION, exact: true }).first()).toBeVisible();
    await list.getByRole("button", { name: "+ Новый чат" }).click();
    await expect(page.getByText("Задайте вопрос по материалам курса")).toBeVisible();
  });
});
