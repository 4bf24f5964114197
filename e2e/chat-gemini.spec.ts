import { expect, test } from "@playwright/test";
import { ask, answers, LLM_QUESTION, llmRequests, openCourseChat, scriptLlm, waitForIndexedCourse } from "./support/chat";
import { CHAT_SERVERS } from "./support/chat-servers";
import { createUser, SESSION_COOKIE, sessionCookie } from "./support/staff";
import { databaseUrl } from "../tests/support/databases";

const server = CHAT_SERVERS.gemini;

test.beforeAll(async () => {
  test.setTimeout(150_000);
  await waitForIndexedCourse(server);
});

test("with Gemini, the answer streams from streamGenerateContent, with citations, and survives a reload", async ({ page, request }) => {
  await scriptLlm(request, server, { tokens: ["Типы ", "данных: ", "int, ", "float ", "и ", "str ", "[1]."], tokenIntervalMs: 200 });
  await openCourseChat(page);
  await ask(page, LLM_QUESTION);
  const text = answers(page).last().getByTestId("answer-text");
  await expect(text).toContainText("Типы данных");
  await expect(text).not.toContainText("[1].");
  await expect(text).toHaveText("Типы данных: int, float и str [1].");
  await expect(answers(page).last().getByRole("navigation", { name: "Источники" }).getByRole("link").first()).toHaveAttribute("href", /^\/documents\//);
  const [recorded] = (await llmRequests(request, server)) as { format: string; path: string }[];
  expect(recorded).toMatchObject({ format: "gemini", path: "/v1beta/models/gemini-2.5-flash:streamGenerateContent" });

  await page.reload();
  await expect(answers(page).last().getByTestId("answer-text")).toHaveText("Типы данных: int, float и str [1].");
});

test("the health check asks the configured Gemini endpoint", async ({ request }) => {
  // The details are staff's: an admin of this server's own database asks.
  const database = databaseUrl(`course_assistant_e2e_chat_${server.name}`);
  const admin = await createUser("ADMIN", { database });
  const cookie = `${SESSION_COOKIE}=${await sessionCookie(admin.id, database)}`;
  const body = await (await request.get("/api/health", { headers: { cookie } })).json();
  expect(body.checks.llm).toMatchObject({ status: "up", provider: "gemini" });
});
