import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createUser, SESSION_COOKIE, sessionCookie, sql } from "./support/staff";

const uid = (prefix: string) => `${prefix}_${randomBytes(6).toString("hex")}`;

type Answer = { mode?: string; status?: string; provider?: string; model?: string; tokens?: [number, number]; ttft?: number; latency?: number; error?: string; rating?: "UP" | "DOWN" };

/** A chat of one visitor in the course: questions at the given UTC times, each answered a second later. */
async function seedChat(courseId: string, turns: { at: string; question: string; answer: Answer }[]) {
  const [visitor] = await sql<{ id: string }>(`INSERT INTO "Visitor" (id) VALUES ($1) RETURNING id`, [uid("e2e_visitor")]);
  const chatId = uid("e2e_chat");
  await sql(`INSERT INTO "Chat" (id, "courseId", "visitorId", title, "createdAt", "updatedAt") VALUES ($1, $2, $3, $4, $5, $5)`, [chatId, courseId, visitor.id, turns[0].question, turns[0].at]);
  for (const { at, question, answer } of turns) {
    await sql(`INSERT INTO "Message" (id, "chatId", role, text, "createdAt") VALUES ($1, $2, 'USER', $3, $4)`, [uid("e2e_q"), chatId, question, at]);
    const answerId = uid("e2e_a");
    await sql(
      `INSERT INTO "Message" (id, "chatId", role, text, status, "answerMode", provider, model, "promptTokens", "completionTokens", "ttftMs", "latencyMs", "errorText", "createdAt")
       VALUES ($1, $2, 'ASSISTANT', '…', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::timestamp + interval '1 second')`,
      [answerId, chatId, answer.status ?? "COMPLETE", answer.mode ?? null, answer.provider ?? null, answer.model ?? null, answer.tokens?.[0] ?? null, answer.tokens?.[1] ?? null, answer.ttft ?? null, answer.latency ?? null, answer.error ?? null, at],
    );
    if (answer.rating) {
      await sql(`INSERT INTO "Feedback" (id, "messageId", "visitorId", rating, "updatedAt") VALUES ($1, $2, $3, $4, now())`, [uid("e2e_fb"), answerId, visitor.id, answer.rating]);
    }
  }
}

test.describe("admin console: dashboard", () => {
  const title = "Дашборд: операционные системы";
  let courseId: string;

  test.beforeAll(async () => {
    courseId = uid("e2e_dash_course");
    await sql(`INSERT INTO "Course" (id, slug, title, "updatedAt") VALUES ($1, $2, $3, now())`, [courseId, courseId.replaceAll("_", "-"), title]);
    const gemini = { provider: "gemini", model: "gemini-2.5-flash" };
    await seedChat(courseId, [
      { at: "2025-01-10T09:00:00", question: "Когда экзамен?", answer: { mode: "LLM", ...gemini, tokens: [1200, 300], ttft: 400, latency: 2000, rating: "UP" } },
      { at: "2025-01-10T09:05:00", question: "когда экзамен", answer: { mode: "FAQ", ttft: 20, latency: 40 } },
    ]);
    await seedChat(courseId, [
      { at: "2025-01-11T15:00:00", question: "Где лекции?", answer: { mode: "NO_ANSWER", latency: 60 } },
      { at: "2025-01-11T15:10:00", question: "Что такое процесс?", answer: { status: "FAILED", ...gemini, error: "LLM timed out" } },
    ]);
  });

  test.beforeEach(async ({ context, baseURL }) => {
    const admin = await createUser("ADMIN");
    await context.addCookies([{ name: SESSION_COOKIE, value: await sessionCookie(admin.id), url: baseURL! }]);
  });

  test("an admin filters by dates and course and reads figures that match the seeded data", async ({ page }, testInfo) => {
    await page.goto("/admin");
    await page.getByRole("link", { name: "Статистика: вопросы, задержки, токены, оценки" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Статистика");

    const filters = page.getByRole("form", { name: "Период и курс" });
    await filters.getByLabel("С", { exact: true }).fill("2025-01-10");
    await filters.getByLabel("По", { exact: true }).fill("2025-01-12");
    await filters.getByLabel("Курс").selectOption({ label: title });
    // Keyboard only: from the course list, Tab reaches the button and Enter submits.
    await filters.getByLabel("Курс").focus();
    await page.keyboard.press("Tab");
    await expect(filters.getByRole("button", { name: "Показать" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`from=2025-01-10&to=2025-01-12&courseId=${courseId}`));

    const kpi = (id: string) => page.locator(`[data-kpi="${id}"]`);
    await expect(kpi("questions")).toContainText("Вопросы4");
    await expect(kpi("students")).toContainText("Активные студенты2");
    // TTFT 20 and 400 ms: p50 = 210, p95 = 20 + 0.95 · 380 = 381.
    await expect(kpi("ttft")).toContainText("p50 210 мс · p95 381 мс");
    // Latency 40, 60, 2000 ms: p50 = 60, p95 = 60 + 0.9 · 1940 = 1806.
    await expect(kpi("latency")).toContainText(/p50 60 мс · p95 1\s806 мс/);
    await expect(kpi("faq")).toContainText(/25\s%1 из 4 ответов/);
    await expect(kpi("retrieval-only")).toContainText(/0\s%/);
    await expect(kpi("no-answer")).toContainText(/25\s%/);
    await expect(kpi("feedback")).toContainText(/100\s%1 полезно · 0 не помогло/);
    await expect(kpi("errors")).toContainText("Ошибки ответов1");
    await expect(kpi("tokens-today"), "today's tokens, with no daily budget on this server").toContainText("дневной лимит не задан (LLM_DAILY_TOKENS)");
    // (1200 · 0.3 + 300 · 2.5) / 1e6 USD at the price the e2e server is given.
    await expect(kpi("cost")).toContainText(/0,00111\s\$/);

    await expect(page.locator('[data-chart="daily"] .recharts-line')).toHaveCount(2);
    await expect(page.locator('[data-chart="daily"] svg[role="application"]')).toContainText("10 янв.");
    await expect(page.locator('[data-provider="gemini"]')).toContainText(/gemini \/ gemini-2\.5-flash\s*2\s*1\s200\s*300/);
    await expect(page.locator('[data-table="top-questions"] tbody tr').first()).toHaveText(/когда экзамен\s*2/);
    await expect(page.locator('[data-table="errors"]')).toContainText("LLM timed out");

    await page.screenshot({ path: testInfo.outputPath("dashboard.png"), fullPage: true });
    await testInfo.attach("dashboard", { path: testInfo.outputPath("dashboard.png"), contentType: "image/png" });

    // On a phone the page reflows to one column without sideways scrolling.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(kpi("questions")).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: testInfo.outputPath("dashboard-mobile.png"), fullPage: true });
    await testInfo.attach("dashboard on a phone", { path: testInfo.outputPath("dashboard-mobile.png"), contentType: "image/png" });
  });

  test("a period without questions shows the empty state, and the JSON API gives the same figures", async ({ page }) => {
    await page.goto(`/admin/dashboard?from=2020-01-01&to=2020-01-31&courseId=${courseId}`);
    await expect(page.getByText("За выбранный период вопросов не было.")).toBeVisible();

    const response = await page.request.get(`/api/admin/dashboard?from=2025-01-10&to=2025-01-12&courseId=${courseId}`);
    expect(response.status()).toBe(200);
    const { dashboard } = await response.json();
    expect(dashboard).toMatchObject({ questions: 4, activeStudents: 2, answers: 4, ttft: { p50: 210, p95: 381 }, latency: { p50: 60, p95: 1806 }, errors: { count: 1 } });
    expect((await page.request.get("/api/admin/dashboard?from=2025-01-12&to=2025-01-10")).status()).toBe(400);
  });
});
