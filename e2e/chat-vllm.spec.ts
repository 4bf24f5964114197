import { expect, test } from "@playwright/test";
import { ask, answers, chatAlert, FAQ_QUESTION, LLM_QUESTION, llmRequests, openCourseChat, scriptLlm, UNKNOWN_QUESTION, waitForIndexedCourse } from "./support/chat";
import { CHAT_SERVERS } from "./support/chat-servers";

const server = CHAT_SERVERS.vllm;
const MARKDOWN_ANSWER = ["Основные ", "типы: ", "`int`, ", "`float` ", "и ", "`str` ", "[1].\n\n", "| Тип | Пример |\n", "|---|---|\n", "| int | 42 |\n"];

test.beforeAll(async () => {
  test.setTimeout(150_000);
  await waitForIndexedCourse(server);
});

test.beforeEach(async ({ request }) => scriptLlm(request, server));

test("a student asks, watches the answer stream, opens a citation, finds the chat after reload and rates the answer", async ({ page, request, context }, testInfo) => {
  await scriptLlm(request, server, { tokens: MARKDOWN_ANSWER, ttftMs: 100, tokenIntervalMs: 250 });
  await openCourseChat(page);
  await expect(page.getByText("Задайте вопрос по материалам курса")).toBeVisible();
  await ask(page, LLM_QUESTION);

  const answer = answers(page).last();
  const text = answer.getByTestId("answer-text");
  // Token by token: the beginning is on screen while the end has not arrived yet.
  await expect(text).toContainText("Основные типы");
  await expect(text).not.toContainText("42");
  await expect(page.getByRole("button", { name: "Остановить" })).toBeVisible();
  await expect(answer.getByRole("table")).toContainText("42");
  await expect(answer.locator("code").first()).toHaveText("int");
  await expect(page.getByRole("button", { name: "Отправить" })).toBeVisible();

  const sources = answer.getByRole("navigation", { name: "Источники" });
  const citation = sources.getByRole("link", { name: /Лекция 2\. Переменные и типы данных/ }).first();
  await expect(citation).toBeVisible();
  const href = await citation.getAttribute("href");
  expect(href).toMatch(/^\/documents\/\w+#[\p{L}-]+$/u);
  const [documentPage] = await Promise.all([context.waitForEvent("page"), citation.click()]);
  await documentPage.waitForLoadState();
  const anchor = decodeURIComponent(href!.split("#")[1]);
  await expect(documentPage.locator(`[id="${anchor}"]`)).toBeVisible();
  await expect(documentPage.getByRole("heading", { level: 1 })).toHaveText("Лекция 2. Переменные и типы данных");
  await documentPage.close();
  const file = await request.get(`/api/documents/${href!.split("/")[2].split("#")[0]}/file`);
  expect(file.headers()).toMatchObject({ "content-type": "text/markdown; charset=utf-8", "content-security-policy": "sandbox" });
  expect(file.headers()["content-disposition"]).toBe(`inline; filename="02-variables-and-types.md"; filename*=UTF-8''02-variables-and-types.md`);
  expect(await file.text()).toContain("# Лекция 2. Переменные и типы данных");

  await expect(page).toHaveURL(/\?chat=\w+/);
  await page.reload();
  await expect(page.getByRole("complementary", { name: "Ваши чаты" }).getByRole("button", { name: LLM_QUESTION, exact: true })).toBeVisible();
  await expect(answers(page).last().getByRole("table")).toContainText("42");
  await expect(page.getByRole("listitem", { name: "Вы" })).toHaveText(LLM_QUESTION);

  // Drawn icons, not emoji that depend on the reader's fonts; the keyboard hint shows with a mouse.
  await expect(answers(page).last().getByRole("button", { name: "Полезный ответ", exact: true }).locator("svg")).toBeVisible();
  await expect(page.getByText("Enter — отправить, Shift+Enter — новая строка")).toBeVisible();
  await answers(page).last().getByRole("button", { name: "Бесполезный ответ" }).click();
  await page.getByPlaceholder("Что было не так? (необязательно)").fill("Нет примеров кода");
  await page.getByRole("button", { name: "Отправить отзыв" }).click();
  await expect(page.getByText("Спасибо за отзыв!")).toBeVisible();
  await page.reload();
  await expect(answers(page).last().getByRole("button", { name: "Бесполезный ответ" })).toHaveAttribute("aria-pressed", "true");
  await page.screenshot({ path: testInfo.outputPath("chat.png"), fullPage: true });
});

test("a confident FAQ match is answered from the FAQ without the model", async ({ page, request }) => {
  await openCourseChat(page);
  await ask(page, FAQ_QUESTION);
  const answer = answers(page).last();
  await expect(answer).toContainText("Ответ из частых вопросов");
  await expect(answer).toContainText("до 23:59 воскресенья");
  await expect(answer.getByRole("navigation", { name: "Источники" })).toContainText(FAQ_QUESTION);
  expect(await llmRequests(request, server)).toEqual([]);
});

test("with nothing relevant in the materials the assistant says it does not know", async ({ page, request }) => {
  await openCourseChat(page);
  await ask(page, UNKNOWN_QUESTION);
  const answer = answers(page).last();
  await expect(answer).toContainText("Ответ не найден");
  await expect(answer).toContainText("Не знаю: в материалах курса нет ответа");
  await expect(answer).toContainText("преподавателя");
  expect(await llmRequests(request, server)).toEqual([]);
});

test("an answer that fails mid-stream keeps its partial text, is marked, and retry answers again", async ({ page, request }) => {
  await scriptLlm(request, server, { failure: "drop-mid-stream", dropAfterTokens: 3, tokenIntervalMs: 50 });
  await openCourseChat(page);
  await ask(page, LLM_QUESTION);
  const alert = chatAlert(page);
  await expect(alert).toContainText("Не удалось получить ответ от языковой модели");
  await expect(answers(page).last()).toContainText("Домашнее задание сдаётся");
  await expect(answers(page).last().getByTestId("answer-status")).toHaveText("Ответ прерван из-за ошибки");

  await scriptLlm(request, server, { tokens: ["Теперь ", "полный ", "ответ."] });
  await alert.getByRole("button", { name: "Повторить" }).click();
  await expect(answers(page).last()).toContainText("Теперь полный ответ.");
  await expect(alert).toBeHidden();
  await page.reload();
  await expect(answers(page)).toHaveCount(1);
  await expect(answers(page)).toContainText("Теперь полный ответ.");
});

test("a model that never answers ends in a clear timeout message", async ({ page, request }) => {
  await scriptLlm(request, server, { failure: "never-answer" });
  await openCourseChat(page);
  await ask(page, LLM_QUESTION);
  // The sources are there at once; the answer says it is coming until the model speaks or times out.
  await expect(answers(page).last().getByRole("navigation", { name: "Источники" })).toBeVisible();
  await expect(answers(page).last().getByRole("status")).toHaveText("Ассистент ищет ответ…");
  await expect(chatAlert(page)).toContainText("Языковая модель не ответила вовремя", { timeout: 10_000 });
  await expect(answers(page).last().getByRole("status")).toBeHidden();
});

test("the student can stop an answer; it stays, marked as stopped", async ({ page, request }) => {
  await scriptLlm(request, server, { tokens: Array.from({ length: 40 }, (_, i) => `слово${i} `), tokenIntervalMs: 150 });
  await openCourseChat(page);
  await ask(page, LLM_QUESTION);
  await expect(answers(page).last()).toContainText("слово2");
  await page.getByRole("button", { name: "Остановить" }).click();
  await expect(answers(page).last().getByTestId("answer-status")).toHaveText("Ответ остановлен");
  await expect(answers(page).last()).not.toContainText("слово39");
  await page.reload();
  await expect(answers(page).last().getByTestId("answer-status")).toHaveText("Ответ остановлен");
});

test("chats can be renamed and deleted; Shift+Enter adds a line instead of sending", async ({ page }) => {
  await openCourseChat(page);
  const input = page.getByLabel("Ваш вопрос");
  await input.fill("Первая строка");
  await input.press("Shift+Enter");
  await input.pressSequentially("вторая строка");
  await expect(input).toHaveValue("Первая строка\nвторая строка");
  await input.fill(FAQ_QUESTION);
  await input.press("Enter");
  await expect(answers(page).last()).toContainText("23:59");

  const list = page.getByRole("complementary", { name: "Ваши чаты" });
  await list.getByRole("button", { name: `Переименовать: ${FAQ_QUESTION}` }).first().click();
  await list.getByLabel("Новое название чата").fill("Сроки сдачи");
  await list.getByLabel("Новое название чата").press("Enter");
  await expect(list.getByRole("button", { name: "Сроки сдачи", exact: true })).toBeVisible();

  page.once("dialog", (dialog) => void dialog.accept());
  await list.getByRole("button", { name: "Удалить: Сроки сдачи" }).click();
  await expect(list.getByRole("button", { name: "Сроки сдачи", exact: true })).toBeHidden();
  await expect(page.getByText("Задайте вопрос по материалам курса")).toBeVisible();
});

test("API: bad requests are 400, someone else's chat is 404, too many questions are 429", async ({ request, playwright }) => {
  expect((await request.post("/api/chat", { headers: { "content-type": "application/json" }, data: "{oops" })).status()).toBe(400);
  expect((await request.post("/api/chat", { data: { courseSlug: "python-basics", message: "x".repeat(4001) } })).status()).toBe(400);
  expect((await request.post("/api/chat", { data: { courseSlug: "no-such-course", message: "Вопрос" } })).status()).toBe(404);

  const owner = await request.post("/api/chat", { data: { courseSlug: "python-basics", message: FAQ_QUESTION } });
  const chatId = /"chatId":"([^"]+)"/.exec(await owner.text())![1];
  expect((await request.get(`/api/chats/${chatId}`)).status()).toBe(200);
  const stranger = await playwright.request.newContext({ baseURL: `http://127.0.0.1:${server.port}` });
  expect((await stranger.get(`/api/chats/${chatId}`)).status()).toBe(404);
  expect((await stranger.delete(`/api/chats/${chatId}`)).status()).toBe(404);
  expect((await stranger.post("/api/chat", { data: { courseSlug: "python-basics", chatId, message: "Чужой?" } })).status()).toBe(404);
  await stranger.dispose();

  let limited;
  for (let i = 0; i < 25 && !limited; i++) {
    const response = await request.post("/api/chat", { data: { courseSlug: "python-basics", message: "x" } });
    if (response.status() === 429) limited = response;
  }
  expect(limited).toBeDefined();
  expect(Number(limited!.headers()["retry-after"])).toBeGreaterThan(0);
});
