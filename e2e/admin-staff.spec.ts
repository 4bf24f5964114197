import { expect, test } from "@playwright/test";
import { createUser, SESSION_COOKIE, sessionCookie, sql } from "./support/staff";

test.describe("admin console: staff", () => {
  let courseId: string;

  test.beforeEach(async ({ context, baseURL }) => {
    const admin = await createUser("ADMIN");
    await context.addCookies([{ name: SESSION_COOKIE, value: await sessionCookie(admin.id), url: baseURL! }]);
    [{ id: courseId }] = await sql<{ id: string }>(`SELECT id FROM "Course" WHERE slug = 'python-basics'`);
  });

  test("disabling a staff member signs their open browser session out on its next navigation", async ({ page, browser, baseURL }) => {
    const password = "пароль-преподавателя-42";
    const staff = await createUser("STAFF", { password, courseIds: [courseId] });
    const staffContext = await browser.newContext({ baseURL });
    await staffContext.addCookies([{ name: SESSION_COOKIE, value: await sessionCookie(staff.id), url: baseURL! }]);
    const staffPage = await staffContext.newPage();
    await staffPage.goto("/admin");
    await expect(staffPage.getByRole("heading", { level: 1 })).toHaveText("Панель администратора");
    await expect(staffPage.getByText(`Вы вошли как ${staff.email}`)).toBeVisible();

    await page.goto("/admin");
    await page.getByRole("link", { name: "Сотрудники и доступ" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Сотрудники");
    const row = page.locator(`[data-member="${staff.email}"]`);
    await expect(row).toContainText("Активен");
    await expect(row).toContainText("1 активный сеанс");

    await row.getByRole("button", { name: "Отключить" }).click();
    const dialog = page.getByRole("dialog", { name: `Отключить ${staff.email}?` });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Отключить" }).click();
    await expect(page.getByRole("main").getByRole("status")).toHaveText(`${staff.email} отключён, все его сеансы завершены.`);
    await expect(row).toContainText("Отключён");
    await expect(row.getByRole("button", { name: "Включить" })).toBeVisible();

    await staffPage.goto(`/admin/courses/${courseId}`);
    await expect(staffPage).toHaveURL(/\/admin\/login$/);
    expect((await staffPage.request.get("/api/admin/courses")).status()).toBe(401);
    await staffPage.getByLabel("Электронная почта").fill(staff.email);
    await staffPage.getByLabel("Пароль").fill(password);
    await staffPage.getByRole("button", { name: "Войти" }).click();
    await expect(staffPage.getByRole("main").getByRole("alert")).toHaveText("Неверная почта или пароль.");
    await expect(staffPage).toHaveURL(/\/admin\/login/);
    await staffContext.close();

    const [user] = await sql<{ disabled: boolean; sessions: string }>(
      `SELECT "disabledAt" IS NOT NULL AS disabled, (SELECT count(*) FROM "Session" WHERE "userId" = $1) AS sessions FROM "User" WHERE id = $1`,
      [staff.id],
    );
    expect(user).toEqual({ disabled: true, sessions: "0" });
  });

  test("cancelling the confirmation leaves the member enabled", async ({ page }) => {
    const staff = await createUser("STAFF", { courseIds: [courseId] });
    await page.goto("/admin/staff");
    const row = page.locator(`[data-member="${staff.email}"]`);
    await row.getByRole("button", { name: "Отключить" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Отмена" }).click();
    await expect(page.getByRole("dialog")).toBeHidden();
    await expect(row).toContainText("Активен");
    const [user] = await sql<{ disabled: boolean }>(`SELECT "disabledAt" IS NOT NULL AS disabled FROM "User" WHERE id = $1`, [staff.id]);
    expect(user.disabled).toBe(false);
  });

  test("an admin adds a staff member of a course with the form", async ({ page }) => {
    const email = `new-ta-${Date.now()}@e2e.test`;
    await page.goto("/admin/staff");
    const form = page.getByRole("form", { name: "Добавить сотрудника" });
    await form.getByLabel("Электронная почта").fill(email);
    await form.getByLabel("Имя").fill("Анна Смирнова");
    await form.getByLabel("Начальный пароль").fill("начальный-пароль-1");
    await form.getByLabel("Основы программирования на Python", { exact: true }).check();
    await form.getByRole("button", { name: "Добавить сотрудника" }).click();
    await expect(page.getByRole("main").getByRole("status")).toHaveText(`Сотрудник ${email} добавлен.`);
    const row = page.locator(`[data-member="${email}"]`);
    await expect(row).toContainText("Анна Смирнова");
    await expect(row).toContainText("Основы программирования на Python");

    const [user] = await sql<{ role: string; courses: string[] }>(
      `SELECT u.role, array_agg(sc."courseId") AS courses FROM "User" u JOIN "StaffCourse" sc ON sc."userId" = u.id WHERE u.email = $1 GROUP BY u.role`,
      [email],
    );
    expect(user).toEqual({ role: "STAFF", courses: [courseId] });

    await form.getByLabel("Электронная почта").fill(email);
    await form.getByLabel("Начальный пароль").fill("другой-пароль-123");
    await form.getByRole("button", { name: "Добавить сотрудника" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Не удалось: Пользователь с такой почтой уже есть.");
  });
});
