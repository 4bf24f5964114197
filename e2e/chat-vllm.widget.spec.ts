import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { SignJWT } from "jose";
import { databaseUrl } from "../tests/support/databases";
import { LLM_QUESTION, scriptLlm, waitForIndexedCourse } from "./support/chat";
import { CHAT_SERVERS } from "./support/chat-servers";
import { sql } from "./support/staff";

const server = CHAT_SERVERS.vllm;
const APP = `http://127.0.0.1:${server.port}`;
const database = databaseUrl(`course_assistant_e2e_chat_${server.name}`);
const SECRET = "widget-e2e-secret-0123456789abcdef0123";

let host: Server;
/** The host site: another origin (another port, another host name) than the assistant. */
let hostOrigin: string;

async function widgetSite(key: string, options: { origins?: string[]; requireIdentity?: boolean; rateLimit?: number; enabled?: boolean } = {}) {
  const [course] = await sql<{ id: string }>(`SELECT id FROM "Course" WHERE slug = 'python-basics'`, [], database);
  await sql(
    `INSERT INTO "WidgetSite" (id, key, name, "courseId", "allowedOrigins", secret, "requireIdentity", "rateLimitPerMinute", enabled, "updatedAt")
     VALUES ($1, $1, 'Moodle', $2, $3, $4, $5, $6, $7, now())
     ON CONFLICT (id) DO UPDATE SET "allowedOrigins" = EXCLUDED."allowedOrigins", "requireIdentity" = EXCLUDED."requireIdentity",
       "rateLimitPerMinute" = EXCLUDED."rateLimitPerMinute", enabled = EXCLUDED.enabled`,
    [key, course.id, options.origins ?? [hostOrigin], SECRET, options.requireIdentity ?? false, options.rateLimit ?? 20, options.enabled ?? true],
    database,
  );
  return key;
}

const identity = (sub: string, name: string) =>
  new SignJWT({ sub, name }).setProtectedHeader({ alg: "HS256" }).setExpirationTime("10m").sign(new TextEncoder().encode(SECRET));

/** A host page with the one-line embed, as an LMS would serve it. */
async function hostPage(page: Page, attributes: Record<string, string>, extraHtml = "") {
  const data = Object.entries(attributes)
    .map(([name, value]) => ` data-${name}="${value}"`)
    .join("");
  const html = `<!doctype html><html lang="ru"><head><title>LMS</title><style>button{background:red!important}*{font-size:40px}</style></head>
<body><h1>Курс в LMS</h1><a href="#">Ссылка на странице</a>${extraHtml}<script src="${APP}/widget.js"${data} async></script></body></html>`;
  await page.goto(`${hostOrigin}/lms?html=${encodeURIComponent(html)}`);
}

const launcher = (page: Page) => page.getByRole("button", { name: "Открыть чат с ассистентом курса" });
const chatFrame = (page: Page) => page.frameLocator('iframe[title^="Ассистент курса"]');

test.beforeAll(async () => {
  test.setTimeout(150_000);
  host = createServer((request, response) => {
    const html = new URL(request.url ?? "/", "http://host").searchParams.get("html") ?? "";
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
  });
  await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
  hostOrigin = `http://localhost:${(host.address() as AddressInfo).port}`;
  await waitForIndexedCourse(server);
});

test.afterAll(() => new Promise<void>((resolve) => host.close(() => resolve())));

const TABLE_ANSWER = ["Основные ", "типы ", "[1].\n\n", "| Тип | Пример |\n", "|---|---|\n", "| int | 42 |\n"];

test.beforeEach(async ({ request }) => scriptLlm(request, server, { tokens: TABLE_ANSWER }));

test("the widget opens from the host page and streams a cited answer; Escape and the keyboard work", async ({ page, context }) => {
  const key = await widgetSite("ws_e2e_open");
  await hostPage(page, { "site-key": key, lang: "ru", greeting: "Здравствуйте! Спросите о курсе." });
  await expect(launcher(page)).toBeVisible();
  await expect(launcher(page)).toHaveCSS("background-color", "rgb(37, 99, 235)");

  await launcher(page).focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Ассистент курса" });
  await expect(dialog).toBeVisible();
  await expect(page.getByRole("button", { name: "Закрыть чат" })).toBeFocused();

  const frame = chatFrame(page);
  await expect(frame.getByText("Здравствуйте! Спросите о курсе.")).toBeVisible();
  const input = frame.getByLabel("Ваш вопрос");
  await input.fill(LLM_QUESTION);
  await input.press("Enter");
  const answer = frame.getByRole("listitem", { name: "Ассистент" }).last();
  await expect(answer.getByRole("table")).toContainText("42");
  const citation = answer.getByRole("navigation", { name: "Источники" }).getByRole("link", { name: /Лекция 2\. Переменные и типы данных/ }).first();
  const [documentPage] = await Promise.all([context.waitForEvent("page"), citation.click()]);
  await documentPage.waitForLoadState();
  await expect(documentPage.getByRole("heading", { level: 1 })).toHaveText("Лекция 2. Переменные и типы данных");
  await documentPage.close();

  const [chat] = await sql<{ widgetSiteId: string }>(`SELECT "widgetSiteId" FROM "Chat" ORDER BY "createdAt" DESC LIMIT 1`, [], database);
  expect(chat.widgetSiteId).toBe(key);

  await input.focus();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(launcher(page)).toBeFocused();
});

test("a host origin not on the list gets neither a frame nor a session", async ({ page, request }) => {
  const key = await widgetSite("ws_e2e_elsewhere", { origins: ["https://elsewhere.example"] });
  const embed = await request.get(`${APP}/embed/${key}`);
  expect(embed.headers()["content-security-policy"]).toMatch(/(?:^|; )frame-ancestors https:\/\/elsewhere\.example(?:;|$)/);
  const session = await request.post(`${APP}/api/widget/session?site=${key}`, { headers: { origin: hostOrigin }, data: {} });
  expect(session.status()).toBe(403);

  await hostPage(page, { "site-key": key }, `<iframe id="raw" src="${APP}/embed/${key}"></iframe>`);
  await launcher(page).click();
  await expect(page.getByRole("dialog").getByRole("alert")).toHaveText(`This chat is not allowed on ${hostOrigin}.`);
  // The browser refuses to render the framed chat: the frame never reaches the assistant's page.
  await expect.poll(() => page.frames().find((f) => f.url().includes("/embed/"))?.url() ?? "blocked").not.toContain(`${APP}/embed/`);
  await expect(page.frameLocator("#raw").getByLabel("Ваш вопрос")).toHaveCount(0);

  const off = await widgetSite("ws_e2e_off", { enabled: false });
  await hostPage(page, { "site-key": off });
  await launcher(page).click();
  await expect(page.getByRole("dialog").getByRole("alert")).toHaveText("This chat widget is switched off.");
});

test("a signed identity keeps the user's history across browsers; a bad signature is refused", async ({ page, browser }) => {
  const key = await widgetSite("ws_e2e_sso", { requireIdentity: true });
  await hostPage(page, { "site-key": key, identity: "forged.token.value" });
  await launcher(page).click();
  await expect(page.getByRole("dialog").getByRole("alert")).toContainText("Sign-in from the host site was refused");

  const sub = `moodle-${Date.now()}`;
  await hostPage(page, { "site-key": key, identity: await identity(sub, "Анна") });
  await launcher(page).click();
  const input = chatFrame(page).getByLabel("Ваш вопрос");
  await input.fill(LLM_QUESTION);
  await input.press("Enter");
  await expect(chatFrame(page).getByRole("listitem", { name: "Ассистент" }).last().getByRole("table")).toContainText("42");

  const other = await browser.newContext();
  const phone = await other.newPage();
  await hostPage(phone, { "site-key": key, identity: await identity(sub, "Анна") });
  await launcher(phone).click();
  // The panel is narrow, so the chat list hides behind its button as on a phone.
  await chatFrame(phone).getByRole("button", { name: "Чаты" }).click();
  await expect(chatFrame(phone).getByRole("complementary", { name: "Ваши чаты" }).getByRole("button", { name: LLM_QUESTION, exact: true })).toBeVisible();
  await other.close();
});

test("the site's rate limit answers with a clear message", async ({ page }) => {
  const key = await widgetSite("ws_e2e_limited", { rateLimit: 1 });
  await hostPage(page, { "site-key": key, open: "true" });
  const frame = chatFrame(page);
  const input = frame.getByLabel("Ваш вопрос");
  await input.fill(LLM_QUESTION);
  await input.press("Enter");
  await expect(frame.getByRole("listitem", { name: "Ассистент" }).last().getByRole("table")).toContainText("42");
  await input.fill("А ещё один вопрос?");
  await input.press("Enter");
  await expect(frame.getByRole("alert").filter({ hasText: "Слишком много вопросов" })).toBeVisible();
});
