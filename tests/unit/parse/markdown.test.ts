import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ParsedDocument } from "@/lib/rag/parse";
import { CORPUS, outline, parse, scratchDirectory } from "./helpers";

const write = scratchDirectory();

function find(document: ParsedDocument, phrase: string) {
  return document.blocks.find((block) => block.text.includes(phrase));
}

describe("real Markdown course files", () => {
  it("keeps headings as section paths in the Rust book chapter, blockquoted sections included", async () => {
    const document = await parse(path.join(CORPUS, "rustbook-ch04-01-what-is-ownership.md"));
    expect(document.title).toBe("Что такое владение?");
    const section = ["Что такое владение?", "Память и способы её выделения", "Взаимодействие переменных и данных с помощью перемещения"];
    expect(find(document, "Взаимодействие переменных и данных с помощью перемещения")).toMatchObject({
      kind: "heading",
      headingPath: section,
      page: null,
    });
    const code = document.blocks.find((block) => block.kind === "code" && block.text.includes("listing-04-02"));
    expect(code?.headingPath).toEqual(section);
    expect(find(document, "Многие языки программирования не требуют")?.headingPath).toEqual(["Что такое владение?", "Стек и куча"]);
    expect(find(document, "let s = String::from")).toMatchObject({ kind: "code" });
  });

  it("joins the hard-wrapped lines of a lecture and files paragraphs under their section", async () => {
    const document = await parse(path.join(CORPUS, "history-lecture-8.md"));
    expect(document.title).toBe("Лекция 8");
    expect(find(document, "Юшкой Отрепьевым")).toMatchObject({
      kind: "paragraph",
      headingPath: ["Лекция 8", "Лжедмитрий I"],
    });
    expect(find(document, "ждут серьёзные испытания.")?.headingPath).toEqual(["Лекция 8"]);
  });

  it("strips MDX components but keeps the text they wrap", async () => {
    const faq = await parse(path.join(CORPUS, "hfnlp-chapter1-1.md"));
    // The BibTeX code block legitimately holds "<today>"; only prose must be free of tags.
    const prose = faq.blocks.filter((block) => block.kind !== "code").map((block) => block.text).join("\n");
    expect(prose).not.toMatch(/<|CourseFloatingBanner|Youtube|classNames/);
    expect(find(faq, "Получу ли я сертификат после прохождения этого курса?")).toMatchObject({
      kind: "list",
      headingPath: ["Введение", "ЧАВО"],
    });

    const audio = await parse(path.join(CORPUS, "hfaudio-audio_data.md"));
    expect(find(audio, "термин БПФ (Fast Fourier Transform - FFT)")?.kind).toBe("paragraph");
    expect(audio.blocks.map((block) => block.text).join("\n")).not.toMatch(/<\/?(Tip|div|img)/);
  });
});

describe("Markdown structure", () => {
  const source = [
    "---",
    "title: front matter is metadata",
    "---",
    "# Курс",
    "",
    "Введение с **жирным**, `кодом` и [ссылкой](https://example.org).",
    "",
    "## Таблица",
    "",
    "| Тема | Часы |",
    "| --- | --- |",
    "| Процессы | 4 |",
    "",
    "1. Первый пункт",
    "   - вложенный пункт",
    "2. Второй пункт",
    "",
    "```python",
    "print('привет')",
    "```",
    "",
    "<Tip warning={true}>",
    "",
    "Совет &laquo;в кавычках&raquo;",
    "",
    "</Tip>",
  ].join("\n");

  it("turns tables into rows, lists into items, code into code blocks and drops front matter", async () => {
    const document = await parse(write("structure.md", source));
    expect(outline(document)).toEqual([
      { kind: "heading", text: "Курс", headingPath: ["Курс"] },
      { kind: "paragraph", text: "Введение с жирным, кодом и ссылкой.", headingPath: ["Курс"] },
      { kind: "heading", text: "Таблица", headingPath: ["Курс", "Таблица"] },
      { kind: "table", text: "Тема | Часы\nПроцессы | 4", headingPath: ["Курс", "Таблица"] },
      { kind: "list", text: "1. Первый пункт", headingPath: ["Курс", "Таблица"] },
      { kind: "list", text: "- вложенный пункт", headingPath: ["Курс", "Таблица"] },
      { kind: "list", text: "2. Второй пункт", headingPath: ["Курс", "Таблица"] },
      { kind: "code", text: "print('привет')", headingPath: ["Курс", "Таблица"] },
      { kind: "paragraph", text: "Совет «в кавычках»", headingPath: ["Курс", "Таблица"] },
    ]);
    expect(document.title).toBe("Курс");
  });
});
