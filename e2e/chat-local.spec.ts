import { expect, test } from "@playwright/test";
import { ask, answers, LLM_QUESTION, openCourseChat, waitForIndexedCourse } from "./support/chat";
import { CHAT_SERVERS } from "./support/chat-servers";

// LLM_PROVIDER=local: the answer is written by the sidecar's own chat model (a tiny random-weight
// GGUF: its words make no sense, the plumbing is what is checked) and streams through the app.

const server = CHAT_SERVERS.local;
const LABEL = "Локальная модель tiny-random-llama: проверяйте ответ по источникам";

test.beforeAll(async () => {
  test.setTimeout(150_000);
  await waitForIndexedCourse(server);
});

test("the local model's answer streams into the page word by word, with its sources, and is labelled as the local model's", async ({ page, request }) => {
  await openCourseChat(page);
  await ask(page, LLM_QUESTION);
  const answer = answers(page).last();
  const text = answer.getByTestId("answer-text");
  await expect(text).not.toBeEmpty();
  // Still streaming: the stop button is there while the first words are on screen, and so is the label.
  await expect(page.getByRole("button", { name: "Остановить" })).toBeVisible();
  await expect(answer.getByTestId("local-model-label")).toHaveText(LABEL);
  await expect(page.getByRole("button", { name: "Остановить" }), "the label came while the answer streamed").toBeVisible({ timeout: 100 });
  const early = (await text.innerText()).length;
  await expect(page.getByRole("button", { name: "Отправить" })).toBeVisible({ timeout: 20_000 });
  expect((await text.innerText()).length).toBeGreaterThan(early);
  await expect(answer.getByTestId("local-model-label")).toHaveText(LABEL);
  await expect(answer.getByRole("navigation", { name: "Источники" }).getByRole("link", { name: /Лекция 2\. Переменные и типы данных/ }).first()).toBeVisible();

  await page.reload();
  await expect(answers(page).last().getByTestId("local-model-label")).toHaveText(LABEL);
  const health = await (await request.get("/api/health")).json();
  expect(health).toEqual({ status: "ok" });
});

test("the student stops the local model midway; the partial answer stays, marked as stopped", async ({ page }) => {
  await openCourseChat(page);
  await ask(page, LLM_QUESTION);
  const text = answers(page).last().getByTestId("answer-text");
  await expect(text).not.toBeEmpty();
  await page.getByRole("button", { name: "Остановить" }).click();
  await expect(answers(page).last().getByTestId("answer-status")).toHaveText("Ответ остановлен");
  const shown = await text.innerText();
  expect(shown.length).toBeGreaterThan(0);
  await page.reload();
  await expect(answers(page).last().getByTestId("answer-status")).toHaveText("Ответ остановлен");
  // What was on screen is kept, with at most the words already on their way when the stop reached
  // the server; far from the 60 the answer would have had.
  const kept = await answers(page).last().getByTestId("answer-text").innerText();
  expect(kept.startsWith(shown)).toBe(true);
  expect(kept.split(/\s+/).length).toBeLessThan(40);
});
