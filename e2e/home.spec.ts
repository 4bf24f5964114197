import { expect, test } from "@playwright/test";
import { createUser, SESSION_COOKIE, sessionCookie } from "./support/staff";

test.describe("home page", () => {
  test("is in Russian by default and lists the demo course", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveTitle("Ассистент курса");
    await expect(page.locator("html")).toHaveAttribute("lang", "ru");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ассистент курса");
    const course = page.getByRole("link", { name: "Открыть курс «Основы программирования на Python»" });
    await expect(course).toBeVisible();
    await expect(course).toContainText("2 материала");
    await expect(course).toContainText("3 ответа в FAQ");
  });

  test("switches to English and remembers the choice", async ({ page }) => {
    await page.goto("/");
    const languages = page.getByRole("group", { name: "Язык интерфейса" });
    await expect(languages.getByRole("button", { name: "Русский" })).toHaveAttribute("aria-pressed", "true");
    await languages.getByRole("button", { name: "English" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Course assistant");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("link", { name: "Open the course “Основы программирования на Python”" })).toContainText("2 documents");

    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Course assistant");
    await page.getByRole("group", { name: "Interface language" }).getByRole("button", { name: "Русский" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ассистент курса");
  });

  test("is usable from the keyboard: skip link, then the course card", async ({ page }) => {
    await page.goto("/");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Перейти к содержимому" });
    await expect(skip).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/#main$/);
  });
});

test.describe("course page", () => {
  test("shows the materials with their status and the FAQ", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("link", { name: /Основы программирования на Python/ }).click();
    await expect(page).toHaveURL(/\/courses\/python-basics$/);
    await expect(page).toHaveTitle("Основы программирования на Python · Ассистент курса");
    const materials = page.getByRole("region", { name: "Материалы курса" });
    await expect(materials.getByRole("listitem")).toHaveCount(2);
    await expect(materials.getByText("Программа курса")).toBeVisible();
    // The e2e server runs the sidecar, so the worker indexes the demo materials soon after start.
    await expect(materials.getByText("Готов")).toHaveCount(2, { timeout: 60_000 });

    const faq = page.getByRole("region", { name: "Частые вопросы" });
    await faq.getByText("Когда сдавать домашнее задание?").click();
    await expect(faq.getByText(/до 23:59 воскресенья/)).toBeVisible();
  });

  test("an unknown course answers 404 with a page in the reader's language", async ({ page }) => {
    const response = await page.goto("/courses/no-such-course");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Страница не найдена" })).toBeVisible();
    await page.getByRole("link", { name: "Все курсы" }).click();
    await expect(page).toHaveURL(/\/$/);
  });
});

test("GET /api/health tells anyone only up or down, and staff the database up", async ({ request }) => {
  const anonymous = await request.get("/api/health");
  expect(anonymous.status()).toBe(200);
  expect(Object.keys(await anonymous.json())).toEqual(["status"]);
  const admin = await createUser("ADMIN");
  const response = await request.get("/api/health", { headers: { cookie: `${SESSION_COOKIE}=${await sessionCookie(admin.id)}` } });
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("no-store");
  const body = await response.json();
  expect(body.checks.database).toMatchObject({ status: "up", provider: "postgresql" });
  expect(body.checks.vectorStore).toMatchObject({ status: "up", provider: "lancedb" });
  expect(body.checks.llm).toEqual({ status: "not_configured", provider: "none" });
  expect(["ok", "degraded"]).toContain(body.status);
});
