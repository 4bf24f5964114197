import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { CourseSettingsForm } from "@/components/admin/course-settings-form";
import { NewCourseForm } from "@/components/admin/new-course-form";
import { coursePatch, type CourseFloorsView, type CourseView } from "@/lib/admin/courses";
import { I18nProvider } from "@/lib/i18n/client";

// The forms refresh or navigate after saving; outside Next.js there is no router to mount.
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: () => {}, push: () => {} }) }));

const course: CourseView = { id: "c1", slug: "algo", title: "Алгоритмы", description: null, language: "ru", systemPrompt: null, published: false, archived: false, dailyTokenBudget: null, documents: 0 };
const floors: CourseFloorsView = { lexical: { calibrated: null, override: null }, dense: { space: null, calibrated: null, override: null } };
const settings = (overrides: Partial<CourseView>, locale: "ru" | "en" = "ru") =>
  renderToStaticMarkup(createElement(I18nProvider, { locale }, createElement(CourseSettingsForm, { course: { ...course, ...overrides }, floors, floorPercentile: 95, canSetBudget: true })));
const textOf = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
/** The attributes of the <input> named `name`. */
const inputNamed = (html: string, name: string) =>
  Object.fromEntries([...(html.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0] ?? "").matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));

describe("publishing a course", () => {
  it("offers to publish a draft, saying students do not see it, and to unpublish a published course", () => {
    const draft = textOf(settings({ published: false }));
    expect(draft).toContain("Черновик: студенты не видят курс, пока он не опубликован.");
    expect(draft).toContain("Опубликовать");
    expect(draft).not.toContain("Снять с публикации");
    const published = textOf(settings({ published: true }, "en"));
    expect(published).toContain("Unpublish");
    expect(published).not.toContain("Draft:");
  });

  it("lets a new course be published at once, as a draft by default", () => {
    const html = renderToStaticMarkup(createElement(I18nProvider, { locale: "ru" }, createElement(NewCourseForm)));
    expect(inputNamed(html, "published")).toMatchObject({ type: "checkbox" });
    expect(inputNamed(html, "published")).not.toHaveProperty("checked");
    expect(textOf(html)).toContain("Сразу опубликовать для студентов");
  });
});

describe("a course's daily token budget", () => {
  it("is a whole number field, empty while the course has none", () => {
    expect(inputNamed(settings({}), "dailyTokenBudget")).toMatchObject({ type: "number", step: "1", min: "1000", value: "", placeholder: "без своего лимита" });
    expect(inputNamed(settings({ dailyTokenBudget: 50_000 }, "en"), "dailyTokenBudget")).toMatchObject({ value: "50000", placeholder: "no budget of its own" });
    expect(textOf(settings({}, "en"))).toContain("Daily model token budget");
  });

  it("is shown to staff but only administrators get the field", () => {
    const staffView = renderToStaticMarkup(
      createElement(I18nProvider, { locale: "ru" }, createElement(CourseSettingsForm, { course: { ...course, dailyTokenBudget: 50_000 }, floors, floorPercentile: 95, canSetBudget: false })),
    );
    expect(inputNamed(staffView, "dailyTokenBudget")).toEqual({});
    expect(textOf(staffView)).toMatch(/Дневной лимит токенов модели: 50\s000 \(его меняют администраторы\)/);
  });

  it("is a whole number of at least 1000 tokens, or null for none", () => {
    expect(coursePatch.parse({ dailyTokenBudget: 1000 })).toEqual({ dailyTokenBudget: 1000 });
    expect(coursePatch.parse({ dailyTokenBudget: null })).toEqual({ dailyTokenBudget: null });
    expect(coursePatch.parse({})).toEqual({});
    for (const bad of [999, 1500.5, -1, "2000"]) expect(coursePatch.safeParse({ dailyTokenBudget: bad }).success, String(bad)).toBe(false);
  });
});
