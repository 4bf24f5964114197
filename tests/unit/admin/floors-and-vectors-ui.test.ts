import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { CourseSettingsForm } from "@/components/admin/course-settings-form";
import { MaterialsPanel } from "@/components/admin/materials/materials-panel";
import type { CourseFloorsView, CourseView } from "@/lib/admin/courses";
import type { DocumentView } from "@/lib/admin/documents";
import { I18nProvider } from "@/lib/i18n/client";

// The settings form refreshes the page after saving; outside Next.js there is no router to mount.
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: () => {} }) }));

const course: CourseView = { id: "c1", slug: "algo", title: "Алгоритмы", description: null, language: "ru", systemPrompt: null, published: true, archived: false, dailyTokenBudget: null, documents: 2 };
const computedAt = "2026-11-30T09:15:00.000Z";

const settings = (floors: CourseFloorsView, locale: "ru" | "en" = "ru") =>
  renderToStaticMarkup(createElement(I18nProvider, { locale }, createElement(CourseSettingsForm, { course, floors, floorPercentile: 95, canSetBudget: true })));

/** An element's text, tags dropped. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
/** The attributes of the <input> with this id. */
function inputAttributes(html: string, id: string): Record<string, string> {
  const tag = html.match(new RegExp(`<input id="${id}"[^>]*>`))?.[0] ?? "";
  return Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}
/** The markup of the element with this data-floor attribute. */
const floorOf = (html: string, name: string) => html.slice(html.indexOf(`data-floor="${name}"`)).split("data-floor=")[1];

describe("course settings: relevance floors", () => {
  it("shows each calibrated floor with 3 decimals, its probe questions and when it was computed, and the overrides", () => {
    const html = settings({
      lexical: { calibrated: { value: 0.5, probeCount: 240, computedAt }, override: 0.6 },
      dense: { space: "model-a", calibrated: { value: 0.31234, probeCount: 240, computedAt }, override: null },
    });
    const text = textOf(html);
    expect(text).toContain("Порог релевантности");
    expect(text).toContain("Порог — оценка, ниже которой остаются 95 % контрольных вопросов не по теме курса; он вычисляется заново, когда меняются материалы или модель эмбеддингов.");
    const lexical = floorOf(html, "lexicalFloorOverride");
    expect(textOf(lexical)).toContain("Поиск по словам (доля слов вопроса)");
    expect(textOf(lexical)).toContain("Калибровка: 0,500 (240 контрольных вопросов)");
    expect(lexical).toContain(`<time dateTime="${computedAt}"`);
    expect(inputAttributes(lexical, "floor-lexicalFloorOverride")).toMatchObject({ name: "lexicalFloorOverride", type: "number", step: "any", min: "0", max: "1", value: "0.6" });
    const dense = floorOf(html, "denseFloorOverride");
    expect(textOf(dense)).toContain("Смысловой поиск (текущая модель эмбеддингов)");
    expect(textOf(dense)).toContain("Калибровка: 0,312 (240 контрольных вопросов)");
    expect(inputAttributes(dense, "floor-denseFloorOverride")).toMatchObject({ name: "denseFloorOverride", type: "number", min: "-1", max: "1", value: "", placeholder: "по калибровке" });
  });

  it("says when a floor is not calibrated, and when no embedding model answers", () => {
    const uncalibrated = settings({ lexical: { calibrated: null, override: null }, dense: { space: "model-a", calibrated: null, override: null } });
    expect(textOf(floorOf(uncalibrated, "lexicalFloorOverride"))).toContain("не откалиброван");
    expect(textOf(floorOf(uncalibrated, "denseFloorOverride"))).toContain("не откалиброван");
    const noModel = settings({ lexical: { calibrated: null, override: null }, dense: { space: null, calibrated: null, override: 0.5 } }, "en");
    expect(textOf(noModel)).toContain("Relevance floor");
    expect(textOf(floorOf(noModel, "denseFloorOverride"))).toContain("the embedding model is unavailable right now");
    expect(textOf(floorOf(noModel, "lexicalFloorOverride"))).toContain("not calibrated");
  });
});

describe("materials list: vectors pending", () => {
  const document = (fileName: string, overrides: Partial<DocumentView>): DocumentView => ({
    id: fileName,
    courseId: "c1",
    title: fileName,
    fileName,
    type: "MARKDOWN",
    sizeBytes: 2048,
    status: "READY",
    error: null,
    errorCode: null,
    pageCount: null,
    chunkCount: 3,
    createdAt: computedAt,
    indexedAt: computedAt,
    vectorsPending: false,
    job: { kind: "INDEX", stage: "DONE", progress: 100, attempts: 1, status: "SUCCEEDED" },
    ...overrides,
  });
  const rowOf = (html: string, fileName: string) => html.slice(html.indexOf(`data-document="${fileName}"`)).split("</li>")[0];

  it("marks a READY document without the current model's vectors beside its status, with the explanation as its title", () => {
    const html = renderToStaticMarkup(
      createElement(
        I18nProvider,
        { locale: "ru" },
        createElement(MaterialsPanel, {
          courseId: "c1",
          maxMb: 20,
          initial: [document("words-only.md", { vectorsPending: true }), document("complete.md", {})],
        }),
      ),
    );
    const pending = rowOf(html, "words-only.md");
    expect(pending).toMatch(/data-status="READY"[^>]*>Готов<\/span><span data-testid="vectors-pending" title="Документ уже находится поиском по словам; смысловые векторы добавятся, когда будет доступна модель эмбеддингов\."/);
    expect(textOf(pending)).toContain("векторы ожидаются");
    expect(rowOf(html, "complete.md")).not.toContain("vectors-pending");
  });

  it("shows a running VECTORS job's progress on a READY document", () => {
    const html = renderToStaticMarkup(
      createElement(
        I18nProvider,
        { locale: "en" },
        createElement(MaterialsPanel, {
          courseId: "c1",
          maxMb: 20,
          initial: [document("old-model.md", { vectorsPending: true, job: { kind: "VECTORS", stage: "EMBEDDING", progress: 40, attempts: 1, status: "RUNNING" } })],
        }),
      ),
    );
    const row = rowOf(html, "old-model.md");
    expect(row).toContain('role="progressbar"');
    expect(row).toContain('aria-valuenow="40"');
    expect(textOf(row)).toContain("Adding vectors: 40%");
    expect(textOf(row)).toContain("vectors pending");
  });
});
