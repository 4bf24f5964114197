import { expect, test } from "@playwright/test";

test("the home and course pages fit a phone screen without sideways scrolling", async ({ page }) => {
  for (const path of ["/", "/courses/python-basics"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
  }
  await expect(page.getByRole("group", { name: "Язык интерфейса" })).toBeVisible();
});
