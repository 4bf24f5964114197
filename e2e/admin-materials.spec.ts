import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createUser, SESSION_COOKIE, sessionCookie, sql } from "./support/staff";

const CORPUS = path.resolve("../shared/corpus/ru-course");

test.describe("admin console: courses and materials", () => {
  test.beforeEach(async ({ context, baseURL }) => {
    const admin = await createUser("ADMIN");
    await context.addCookies([{ name: SESSION_COOKIE, value: await sessionCookie(admin.id), url: baseURL! }]);
  });

  test("create a course, upload a real PDF and a broken file, watch the PDF get indexed and the broken one explain why", async ({ page }, testInfo) => {
    test.setTimeout(240_000);
    const slug = `os-${Date.now()}`;
    await page.goto("/admin");
    const form = page.getByRole("form", { name: "Новый курс" });
    await form.getByLabel("Название").fill("Операционные системы");
    await form.getByLabel("Адрес").fill(slug);
    await form.getByRole("button", { name: "Создать курс" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Операционные системы");
    await expect(page.getByText("В курсе пока нет материалов.")).toBeVisible();

    const pdf = await readFile(path.join(CORPUS, "opsys-OS.pdf"));
    await page.getByLabel("Выбрать файлы").setInputFiles([
      { name: "opsys-OS.pdf", mimeType: "application/pdf", buffer: pdf },
      { name: "lecture-broken.pdf", mimeType: "application/pdf", buffer: pdf.subarray(0, 20_000) },
      { name: "photo.png", mimeType: "image/png", buffer: Buffer.from("89504e470d0a1a0a", "hex") },
    ]);

    const refused = page.locator('[data-upload="photo.png"]');
    await expect(refused).toContainText("Не загружен: такой тип файла не поддерживается");

    const good = page.locator('[data-document="opsys-OS.pdf"]');
    // The live progress bar shows while the worker parses and embeds, then the document is ready.
    await expect(good.getByRole("progressbar")).toBeVisible({ timeout: 30_000 });
    await expect(good.getByText("Готов")).toBeVisible({ timeout: 90_000 });
    await expect(good).toContainText("29 страниц");
    // Searchable by its words now; the model's vectors follow, then no mark or bar is left.
    const vectorKey = async () =>
      (await sql<{ vectorKey: string | null }>(`SELECT "vectorKey" FROM "Document" WHERE "fileName" = 'opsys-OS.pdf' AND "courseId" = (SELECT id FROM "Course" WHERE slug = $1)`, [slug]))[0]
        ?.vectorKey ?? null;
    await expect.poll(vectorKey, { timeout: 90_000 }).not.toBeNull();
    await expect(good.getByText("векторы ожидаются")).toHaveCount(0, { timeout: 15_000 });
    await expect(good.getByRole("progressbar")).toHaveCount(0, { timeout: 15_000 });

    const broken = page.locator('[data-document="lecture-broken.pdf"]');
    await expect(broken.getByText("Ошибка")).toBeVisible({ timeout: 60_000 });
    await expect(broken).toContainText("Файл повреждён и не читается");
    const [failed] = await sql<{ status: string; error: string }>(`SELECT status, error FROM "Document" WHERE "fileName" = 'lecture-broken.pdf' ORDER BY "createdAt" DESC LIMIT 1`);
    expect(failed.status).toBe("FAILED");
    await expect(broken).toContainText(failed.error);

    await page.getByLabel("Поиск по материалам").fill("broken");
    await expect(page.locator("[data-document]")).toHaveCount(1);
    await page.getByLabel("Поиск по материалам").fill("");
    await page.screenshot({ path: testInfo.outputPath("materials.png"), fullPage: true });
    await testInfo.attach("materials page", { path: testInfo.outputPath("materials.png"), contentType: "image/png" });

    await broken.getByRole("button", { name: "Удалить" }).click();
    const dialog = page.getByRole("dialog", { name: "Удалить «lecture-broken»?" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Отмена" }).click();
    await expect(broken).toBeVisible();
    await broken.getByRole("button", { name: "Удалить" }).click();
    await dialog.getByRole("button", { name: "Удалить" }).click();
    await expect(broken).toHaveCount(0);
    expect(await sql(`SELECT 1 FROM "Document" WHERE "fileName" = 'lecture-broken.pdf'`)).toHaveLength(0);

    await good.getByRole("button", { name: "Переиндексировать" }).click();
    const jobsOfGood = () =>
      sql<{ kind: string; status: string }>(
        `SELECT j.kind, j.status FROM "IngestionJob" j JOIN "Document" d ON d.id = j."documentId"
         WHERE d."fileName" = 'opsys-OS.pdf' AND d."courseId" = (SELECT id FROM "Course" WHERE slug = $1) ORDER BY j."createdAt"`,
        [slug],
      );
    await expect
      .poll(async () => (await jobsOfGood()).map((j) => `${j.kind} ${j.status}`), { timeout: 90_000 })
      .toEqual(["INDEX SUCCEEDED", "INDEX SUCCEEDED"]);
    await expect(good.getByText("Готов")).toBeVisible();
  });
});
