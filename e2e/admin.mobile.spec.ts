import { expect, test } from "@playwright/test";
import { createUser, SESSION_COOKIE, sessionCookie, sql } from "./support/staff";

test("the sign-in page and every admin page fit a phone screen without sideways scrolling", async ({ page, context, baseURL }) => {
  await page.goto("/admin/login");
  await expect(page.getByRole("button", { name: "Войти" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

  const admin = await createUser("ADMIN");
  await context.addCookies([{ name: SESSION_COOKIE, value: await sessionCookie(admin.id), url: baseURL! }]);
  const [{ id: courseId }] = await sql<{ id: string }>(`SELECT id FROM "Course" WHERE slug = 'python-basics'`);
  for (const path of ["/admin", `/admin/courses/${courseId}`, `/admin/courses/${courseId}/unanswered`, "/admin/qa", "/admin/audit", "/admin/dashboard"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 }), path).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
  }
});
