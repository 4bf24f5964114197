import { describe, expect, it } from "vitest";
import { chunkDocument } from "@/lib/rag/chunk";
import type { ParsedBlock } from "@/lib/rag/parse/types";
import { estimateTokens } from "@/lib/rag/tokens";

const heading = (path: string[]): ParsedBlock => ({ kind: "heading", text: path.at(-1)!, page: null, headingPath: path });
const paragraph = (text: string, path: string[], page: number | null = null): ParsedBlock => ({
  kind: "paragraph",
  text,
  page,
  headingPath: path,
});
const sentence = (i: number) => `Предложение номер ${i} рассказывает о переменных и типах данных в языке Python.`;

describe("estimateTokens", () => {
  it("counts words by length and punctuation marks", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("Да.")).toBe(2);
    expect(estimateTokens("переменная")).toBe(3);
    expect(estimateTokens("a, b")).toBe(3);
  });
});

describe("chunkDocument", () => {
  it("keeps sections apart and names them by heading path", () => {
    const chunks = chunkDocument({
      title: "Лекция",
      pageCount: null,
      blocks: [
        heading(["Лекция 2"]),
        paragraph("Вступление.", ["Лекция 2"]),
        heading(["Лекция 2", "Типы"]),
        paragraph("Целые числа.", ["Лекция 2", "Типы"]),
        paragraph("Строки.", ["Лекция 2", "Типы"]),
      ],
    });
    expect(chunks).toEqual([
      { text: "Вступление.", page: null, section: "Лекция 2", position: 0 },
      { text: "Целые числа.\n\nСтроки.", page: null, section: "Лекция 2 › Типы", position: 1 },
    ]);
  });

  it("packs paragraphs up to the budget, overlaps neighbours, and covers every sentence", () => {
    const blocks = Array.from({ length: 30 }, (_, i) => paragraph(sentence(i), ["Раздел"], 1 + Math.floor(i / 10)));
    const chunks = chunkDocument({ title: null, pageCount: 3, blocks }, { maxTokens: 80, overlapTokens: 25 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(estimateTokens(chunk.text)).toBeLessThanOrEqual(80);
    for (let i = 0; i < 30; i++) expect(chunks.some((c) => c.text.includes(sentence(i)))).toBe(true);
    for (let i = 1; i < chunks.length; i++) {
      const previousLast = chunks[i - 1].text.split("\n\n").at(-1)!;
      expect(chunks[i].text.startsWith(previousLast)).toBe(true);
    }
    expect(chunks.map((c) => c.position)).toEqual(chunks.map((_, i) => i));
    expect(chunks[0].page).toBe(1);
    expect(chunks.at(-1)!.page).toBe(3);
  });

  it("splits a paragraph longer than the budget at sentences, and a run-on sentence at words", () => {
    const long = Array.from({ length: 12 }, (_, i) => sentence(i)).join(" ");
    const runOn = Array.from({ length: 200 }, (_, i) => `слово${i}`).join(" ");
    const chunks = chunkDocument(
      { title: null, pageCount: null, blocks: [paragraph(long, []), paragraph(runOn, ["Другой"])] },
      { maxTokens: 60, overlapTokens: 0 },
    );
    for (const chunk of chunks) expect(estimateTokens(chunk.text)).toBeLessThanOrEqual(60);
    const joined = (section: string | null) =>
      chunks
        .filter((c) => c.section === section)
        .map((c) => c.text)
        .join(" ")
        .replace(/\s+/g, " ");
    expect(joined(null)).toBe(long);
    expect(joined("Другой")).toBe(runOn);
  });

  it("cites the page where a passage's new text begins", () => {
    const perSentence = estimateTokens(sentence(1));
    const chunks = chunkDocument(
      {
        title: null,
        pageCount: 2,
        blocks: [paragraph(sentence(1), [], 1), paragraph(sentence(2), [], 1), paragraph(sentence(3), [], 2)],
      },
      { maxTokens: 2 * perSentence + 1, overlapTokens: perSentence },
    );
    expect(chunks.map((c) => c.text.split("\n\n").length)).toEqual([2, 2]);
    expect(chunks[1].text.startsWith(sentence(2))).toBe(true);
    expect(chunks.map((c) => c.page)).toEqual([1, 2]);
  });
});
