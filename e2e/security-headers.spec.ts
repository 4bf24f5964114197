import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { createUser, sql } from "./support/staff";

let host: Server;
/** Another site (another host name and port than the assistant's) that tries to frame its pages. */
let hostOrigin: string;

test.beforeAll(async () => {
  host = createServer((request, response) => {
    const html = new URL(request.url ?? "/", "http://host").searchParams.get("html") ?? "";
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
  });
  await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
  hostOrigin = `http://localhost:${(host.address() as AddressInfo).port}`;
});

test.afterAll(() => new Promise<void>((resolve) => host.close(() => resolve())));

/**
 * Everything the browser reports against a policy, in every frame: its own console errors and,
 * through an init script (which the policy does not govern), each securitypolicyviolation event.
 */
async function policyReports(page: Page): Promise<string[]> {
  const reports: string[] = [];
  page.on("console", (message) => {
    if (/Content.Security.Policy/i.test(message.text())) reports.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return reports;
}

/** Opens a page and checks its policy: a nonce on every script it was sent with, no framing. */
async function openWithNonce(page: Page, path: string): Promise<string> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  const headers = response!.headers();
  const policy = headers["content-security-policy"] ?? "";
  const nonce = /(?:^|; )script-src 'self' 'nonce-([A-Za-z0-9+/]+={0,2})' 'strict-dynamic'(?:;|$)/.exec(policy)?.[1];
  expect(nonce, policy).toBeTruthy();
  for (const directive of ["default-src 'self'", "img-src 'self' data: blob:", "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'"]) {
    expect(policy.split("; "), path).toContain(directive);
  }
  expect(policy).not.toContain("unsafe-eval");
  expect(headers).toMatchObject({
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
  });
  const scripts = (await response!.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.filter((tag) => !tag.includes(` nonce="${nonce}"`))).toEqual([]);
  return nonce!;
}

/** React has hydrated an element once it has attached its fiber: the page's scripts ran under the policy. */
async function expectHydrated(page: Page, selector: string) {
  await expect.poll(() => page.locator(selector).first().evaluate((element) => Object.keys(element).some((key) => key.startsWith("__reactFiber$")))).toBe(true);
}

/** A page of another site with the given HTML, as a host that frames the assistant would serve it. */
async function hostPage(page: Page, html: string) {
  await page.goto(`${hostOrigin}/?html=${encodeURIComponent(`<!doctype html><html><head><title>Host</title></head><body>${html}</body></html>`)}`);
}

/**
 * Where the host page's frame ended up: the assistant's page, or the browser's error page
 * (chrome-error://) when the assistant's policy refused to be framed there.
 */
async function settledFrameUrl(page: Page): Promise<string> {
  let url = "";
  await expect.poll(() => (url = page.mainFrame().childFrames()[0]?.url() ?? "")).not.toMatch(/^(about:blank)?$/);
  return url;
}

test.describe("Content-Security-Policy", () => {
  test("the home page has a fresh nonce on every load and no violation while it hydrates", async ({ page }) => {
    const reports = await policyReports(page);
    const first = await openWithNonce(page, "/");
    await expectHydrated(page, "h1");
    expect(await openWithNonce(page, "/")).not.toBe(first);
    await expectHydrated(page, "h1");
    expect(reports).toEqual([]);
  });

  test("the chat hydrates and answers typing under the policy", async ({ page }) => {
    const reports = await policyReports(page);
    await openWithNonce(page, "/courses/python-basics/chat");
    const input = page.getByLabel("Ваш вопрос");
    const send = page.getByRole("button", { name: "Отправить" });
    await expect(send).toBeDisabled();
    // Enabled only by React state: text typed before hydration may be missed, so typing is retried.
    await expect(async () => {
      await input.fill("Какие типы данных есть в Python?");
      await expect(send).toBeEnabled({ timeout: 1_000 });
    }).toPass();
    await page.waitForLoadState("networkidle");
    expect(reports).toEqual([]);
  });

  test("the admin sign-in page hydrates under the policy", async ({ page }) => {
    const reports = await policyReports(page);
    await openWithNonce(page, "/admin/login");
    await expectHydrated(page, "form");
    expect(reports).toEqual([]);
  });

  test("API responses get the usual headers but keep their own policy", async ({ request }) => {
    const health = await request.get("/api/health");
    expect(health.headers()).toMatchObject({ "x-content-type-options": "nosniff", "x-frame-options": "DENY", "referrer-policy": "strict-origin-when-cross-origin" });
    expect(health.headers()).not.toHaveProperty("content-security-policy");
    // Served over plain HTTP here, so no HSTS.
    expect(health.headers()).not.toHaveProperty("strict-transport-security");
  });
});

test.describe("framing", () => {
  test("another site cannot frame the chat", async ({ page, baseURL }) => {
    const path = "/courses/python-basics/chat";
    await hostPage(page, `<iframe src="${baseURL}${path}"></iframe>`);
    expect(await settledFrameUrl(page)).toMatch(/^chrome-error:/);
  });

  test("the embedded chat keeps its widget site's allowlist", async ({ page, baseURL }) => {
    const [course] = await sql<{ id: string }>(`SELECT id FROM "Course" WHERE slug = 'python-basics'`);
    const site = async (origins: string[]) => {
      const key = `ws_e2e_headers_${randomBytes(4).toString("hex")}`;
      await sql(
        `INSERT INTO "WidgetSite" (id, key, name, "courseId", "allowedOrigins", secret, "requireIdentity", "rateLimitPerMinute", enabled, "updatedAt")
         VALUES ($1, $1, 'Headers', $2, $3, $4, false, 20, true, now())`,
        [key, course.id, origins, randomBytes(24).toString("hex")],
      );
      return key;
    };
    const allowed = await site([hostOrigin]);
    const embed = await page.request.get(`/embed/${allowed}`);
    expect(embed.headers()["content-security-policy"]).toContain(`frame-ancestors ${hostOrigin}`);
    expect(embed.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(embed.headers()).not.toHaveProperty("x-frame-options");

    // The framed chat runs its scripts (it posts "ready" to its host) with nothing reported.
    const reports = await policyReports(page);
    await hostPage(
      page,
      `<script>addEventListener("message", (event) => { if (event.data && event.data.type === "course-assistant:ready") document.title = "ready"; });</script>
       <iframe src="${baseURL}/embed/${allowed}"></iframe>`,
    );
    await expect(page).toHaveTitle("ready");
    expect(await settledFrameUrl(page)).toBe(`${baseURL}/embed/${allowed}`);
    expect(reports).toEqual([]);

    const elsewhere = await site(["https://elsewhere.example"]);
    await hostPage(page, `<iframe src="${baseURL}/embed/${elsewhere}"></iframe>`);
    expect(await settledFrameUrl(page)).toMatch(/^chrome-error:/);
  });
});

test("the sign-in page never sends anyone to another site after signing in", async ({ page }) => {
  const password = `pw-${randomBytes(8).toString("hex")}`;
  const admin = await createUser("ADMIN", { password });
  await page.goto(`/admin/login?callbackUrl=${encodeURIComponent("/\\evil.example")}`);
  await page.getByLabel("Электронная почта").fill(admin.email);
  await page.getByLabel("Пароль").fill(password);
  await page.getByRole("button", { name: "Войти" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Панель администратора");
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/admin$/);
});
