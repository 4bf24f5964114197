import { describe, expect, it } from "vitest";
import { passageShare, questionTerms, termShare } from "@/lib/rag/term-share";

const passage = (text: string, section: string | null = null) => ({ id: "p1", payload: { title: "Лекция 3. Планирование", section, text } });

describe("the share of a question's words a passage has", () => {
  it("counts stemmed terms of the title, section and text, stop words aside", () => {
    const terms = questionTerms("Что делает планировщик процессов?");
    expect([...terms].sort()).toEqual(["дела", "планировщик", "процесс"].sort());
    expect(passageShare(terms, passage("Планировщик выбирает следующий процесс."))).toBeCloseTo(2 / 3);
    expect(termShare(terms, "Ничего общего")).toBe(0);
    expect(termShare(new Set(), "Планировщик")).toBe(0);
  });

  it("follows a passage whose text changed under the same id", () => {
    const terms = questionTerms("планировщик процессов");
    expect(passageShare(terms, passage("Планировщик процессов."))).toBe(1);
    expect(passageShare(terms, passage("Ядро системы."))).toBe(0);
    expect(passageShare(terms, passage("Ядро системы.", "Процессы"))).toBe(0.5);
  });
});
