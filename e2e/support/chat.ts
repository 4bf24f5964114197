import { expect, request as requests, type APIRequestContext, type Page } from "@playwright/test";
import type { StandInScript } from "../../tests/support/llm-stand-in";
import { llmControlUrl, type ChatServer } from "./chat-servers";

export const COURSE_TITLE = "Основы программирования на Python";
export const LLM_QUESTION = "Какие типы данных есть в Python?";
export const FAQ_QUESTION = "Когда сдавать домашнее задание?";
export const UNKNOWN_QUESTION = "Как приготовить борщ со свёклой?";

/** Sets what the server's LLM stand-in answers next (and forgets the requests it recorded). */
export async function scriptLlm(request: APIRequestContext, server: ChatServer, script: Partial<StandInScript> = {}) {
  expect((await request.post(llmControlUrl(server), { data: script })).status()).toBe(204);
}

export async function llmRequests(request: APIRequestContext, server: ChatServer): Promise<unknown[]> {
  return (await request.get(`${llmControlUrl(server)}/requests`)).json();
}

/** Waits until the server's worker has indexed the demo course's materials and FAQ, with vectors, and calibrated it. */
export async function waitForIndexedCourse(server: ChatServer) {
  const request = await requests.newContext({ baseURL: `http://127.0.0.1:${server.port}` });
  try {
    await expect
      .poll(async () => (await (await request.get("/courses/python-basics")).text()).split(">Готов<").length - 1, { timeout: 90_000, intervals: [500] })
      .toBe(2);
    await expect
      .poll(
        async () => {
          const response = await request.post("/api/chat", { data: { courseSlug: "python-basics", message: FAQ_QUESTION } });
          const text = await response.text();
          return text.includes('"answerMode":"FAQ"') && text.includes('"searchMode":"HYBRID"');
        },
        { timeout: 30_000, intervals: [1000] },
      )
      .toBe(true);
  } finally {
    await request.dispose();
  }
}

/** From the home page to the course's chat, as a student does. */
export async function openCourseChat(page: Page) {
  await page.goto("/");
  await page.getByRole("link", { name: `Открыть курс «${COURSE_TITLE}»` }).click();
  await page.getByRole("link", { name: "Задать вопрос ассистенту" }).click();
  await expect(page).toHaveURL(/\/courses\/python-basics\/chat$/);
}

export async function ask(page: Page, question: string) {
  const input = page.getByLabel("Ваш вопрос");
  await input.fill(question);
  await input.press("Enter");
}

export const answers = (page: Page) => page.getByRole("listitem", { name: "Ассистент" });

/** The chat's error banner (Next.js has a role=alert route announcer of its own). */
export const chatAlert = (page: Page) => page.getByRole("alert").filter({ has: page.getByRole("button", { name: "Повторить" }) });
