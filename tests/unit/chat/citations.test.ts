import { describe, expect, it } from "vitest";
import { citationUrl } from "@/lib/chat/citations";
import { headingAnchor } from "@/lib/documents/anchors";

describe("citation links", () => {
  it("open a PDF at the cited page in the browser's viewer", () => {
    expect(citationUrl("doc1", "PDF", 7, "Глава 1")).toBe("/api/documents/doc1/file#page=7");
    expect(citationUrl("doc1", "PDF", null, null)).toBe("/api/documents/doc1/file");
  });

  it("open a Markdown document at the cited section's own heading", () => {
    expect(citationUrl("doc2", "MARKDOWN", null, "Лекция 2. Переменные и типы данных › Основные типы")).toBe("/documents/doc2#основные-типы");
    expect(citationUrl("doc2", "MARKDOWN", null, null)).toBe("/documents/doc2");
  });

  it("derive heading anchors the same way for any script", () => {
    expect(headingAnchor("Лекция 8. Лжедмитрий II")).toBe("лекция-8-лжедмитрий-ii");
    expect(headingAnchor("  What is Ownership?  ")).toBe("what-is-ownership");
  });
});
