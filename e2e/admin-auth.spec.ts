import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { createUser, demoAdmin, SESSION_COOKIE, sessionCookie, sql } from "./support/staff";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Route = { url: string; method: (typeof METHODS)[number] };

/** Routes that name their course in the query string rather than the path. */
const COURSE_IN_QUERY = new Set(["/api/admin/qa/export", "/api/admin/qa/import"]);

/** Every admin API route handler in the app, found on disk, so a new route cannot escape this test. */
async function adminApiRoutes(params: Record<string, string>): Promise<Route[]> {
  const files = (await readdir("app/api/admin", { recursive: true })).filter((f) => path.basename(f) === "route.ts");
  const routes: Route[] = [];
  for (const file of files) {
    const source = await readFile(path.join("app/api/admin", file), "utf8");
    const url = `/api/admin/${path.dirname(file)}`.replace(/\/\.$/, "").replace(/\[(\w+)\]/g, (_, name: string) => {
      if (!params[name]) throw new Error(`No test value for the route parameter [${name}] in ${file}; add one.`);
      return params[name];
    });
    const withQuery = COURSE_IN_QUERY.has(url) ? `${url}?courseId=${params.courseId}` : url;
    for (const method of METHODS) {
      if (new RegExp(`export (const|async function|function) ${method}\\b`).test(source)) routes.push({ url: withQuery, method });
    }
  }
  return routes;
}

async function adminPages(params: Record<string, string>): Promise<string[]> {
  const files = (await readdir("app/(site)/admin", { recursive: true })).filter((f) => path.basename(f) === "page.tsx");
  return files
    .map((f) => `/admin/${path.dirname(f)}`.replace(/\/\.$/, "").replace(/\[(\w+)\]/g, (_, name: string) => params[name] ?? `[${name}]`))
    .filter((url) => url !== "/admin/login");
}

/** A valid body where the course a write concerns is named in the body itself. */
const bodyFor = (route: Route, courseId: string) =>
  route.method === "GET" ? undefined : route.url === "/api/admin/qa" ? { kind: "FAQ", courseId, question: "Вопрос?", answer: "Ответ." } : {};

const call = (request: APIRequestContext, route: Route, courseId: string, cookie?: string) =>
  request.fetch(route.url, {
    method: route.method,
    headers: cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {},
    data: bodyFor(route, courseId),
    maxRedirects: 0,
  });

test.describe("admin access control", () => {
  let demo: { courseId: string; documentId: string; entryId: string; siteId: string };
  let routes: Route[];
  let cookies: { student: string; outsider: string; admin: string };
  /** Lists answer out-of-scope staff with their own (empty) share instead of 403. */
  const LISTS = new Set(["GET /api/admin/courses", "GET /api/admin/qa", "GET /api/admin/dashboard"]);

  test.beforeAll(async () => {
    const [course] = await sql<{ id: string }>(`SELECT id FROM "Course" WHERE slug = 'python-basics'`);
    const [document] = await sql<{ id: string }>(`SELECT id FROM "Document" WHERE "courseId" = $1 LIMIT 1`, [course.id]);
    const [entry] = await sql<{ id: string }>(`SELECT id FROM "QaEntry" WHERE "courseId" = $1 LIMIT 1`, [course.id]);
    const [site] = await sql<{ id: string }>(
      `INSERT INTO "WidgetSite" (id, key, name, "courseId", "allowedOrigins", secret, "updatedAt")
       VALUES ('e2e_auth_site', 'ws_e2e_auth', 'LMS', $1, '{}', 'secret', now()) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [course.id],
    );
    demo = { courseId: course.id, documentId: document.id, entryId: entry.id, siteId: site.id };
    const [ownCourse] = await sql<{ id: string }>(
      `INSERT INTO "Course" (id, slug, title, "updatedAt") VALUES ('e2e_staff_course', 'e2e-staff-course', 'Курс преподавателя', now())
       ON CONFLICT (slug) DO UPDATE SET title = EXCLUDED.title RETURNING id`,
    );
    const student = await createUser("STUDENT");
    const outsider = await createUser("STAFF", { courseIds: [ownCourse.id] });
    const admin = await createUser("ADMIN");
    cookies = { student: await sessionCookie(student.id), outsider: await sessionCookie(outsider.id), admin: await sessionCookie(admin.id) };
    routes = await adminApiRoutes({ ...demo, userId: outsider.id });
  });

  test("finds the admin API routes on disk", () => {
    expect(routes.length).toBeGreaterThanOrEqual(12);
    expect(routes).toContainEqual({ url: `/api/admin/courses/${demo.courseId}/documents`, method: "POST" });
  });

  test("every admin API route answers 401 to anonymous callers", async ({ request }) => {
    for (const route of routes) expect((await call(request, route, demo.courseId)).status(), `${route.method} ${route.url}`).toBe(401);
  });

  test("every admin API route answers 403 to a signed-in student", async ({ request }) => {
    for (const route of routes) expect((await call(request, route, demo.courseId, cookies.student)).status(), `${route.method} ${route.url}`).toBe(403);
  });

  test("every admin API route keeps staff out of a course that is not theirs", async ({ request }) => {
    for (const route of routes) {
      const response = await call(request, route, demo.courseId, cookies.outsider);
      const key = `${route.method} ${new URL(route.url, "http://x").pathname}`;
      if (LISTS.has(key)) {
        expect(response.status(), key).toBe(200);
        expect(await response.text(), key).not.toContain(demo.courseId);
      } else {
        expect(response.status(), key).toBe(403);
      }
    }
  });

  test("an admin reads every admin API resource; a cross-site write with their cookie is refused", async ({ request }) => {
    for (const route of routes.filter((r) => r.method === "GET")) {
      expect((await call(request, route, demo.courseId, cookies.admin)).status(), route.url).toBe(200);
    }
    const crossSite = await request.post("/api/admin/courses", {
      headers: { cookie: `${SESSION_COOKIE}=${cookies.admin}`, origin: "https://evil.example" },
      data: { slug: "evil", title: "Evil" },
    });
    expect(crossSite.status()).toBe(403);
    expect(await sql(`SELECT 1 FROM "Course" WHERE slug = 'evil'`)).toHaveLength(0);
  });

  test("every admin page sends anonymous visitors and students to sign-in", async ({ page, context, baseURL }) => {
    const pages = await adminPages(demo);
    expect(pages).toContain("/admin");
    for (const url of pages) {
      await page.goto(url);
      await expect(page, url).toHaveURL(/\/admin\/login$/);
    }
    await context.addCookies([{ name: SESSION_COOKIE, value: cookies.student, url: baseURL! }]);
    for (const url of pages) {
      await page.goto(url);
      await expect(page, url).toHaveURL(/\/admin\/login\?error=forbidden$/);
      await expect(page.getByRole("main").getByRole("alert")).toHaveText("У этой учётной записи нет доступа к панели администратора.");
    }
  });
});

test.describe("admin sign-in", () => {
  test("the demo admin signs in, sees the console, and signing out ends the session on the server", async ({ page }) => {
    const admin = await demoAdmin();
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/admin\/login/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Вход для преподавателей");
    await page.getByLabel("Электронная почта").fill(admin.email);
    await page.getByLabel("Пароль").fill(admin.password);
    await page.getByLabel("Пароль").press("Enter");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Панель администратора");
    await expect(page.getByText(`Вы вошли как ${admin.email}`)).toBeVisible();
    await expect(page.getByRole("listitem").filter({ hasText: "Основы программирования на Python" })).toBeVisible();

    const cookie = (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie.httpOnly).toBe(true);
    expect((await page.request.get("/api/admin/courses")).status()).toBe(200);

    await page.getByRole("button", { name: "Выйти" }).click();
    await expect(page).toHaveURL(/\/admin\/login/);
    const replayed = await page.request.get("/api/admin/courses", { headers: { cookie: `${SESSION_COOKIE}=${cookie.value}` } });
    expect(replayed.status()).toBe(401);
  });

  test("wrong passwords are refused, and after five the account is locked even for the right one", async ({ page }) => {
    const password = "правильный-пароль-42";
    const staff = await createUser("STAFF", { password });
    await page.goto("/admin/login");
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.getByLabel("Электронная почта").fill(staff.email);
      await page.getByLabel("Пароль").fill(`wrong-${attempt}`);
      await page.getByRole("button", { name: "Войти" }).click();
      await expect(page.getByRole("main").getByRole("alert")).toHaveText("Неверная почта или пароль.");
    }
    await page.getByLabel("Пароль").fill(password);
    await page.getByRole("button", { name: "Войти" }).click();
    // The wait is until the sliding window (LOGIN_WINDOW_MINUTES, 15 by default) has room again.
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(/^Слишком много неудачных попыток\. Попробуйте снова через \d+ минут[уы]?\.$/);
    await expect(page).toHaveURL(/\/admin\/login/);
  });
});
