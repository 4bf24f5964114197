import { describe, expect, it } from "vitest";
import { LIST_MARKER, dropPageFurniture, isPageNumberLine, joinLines, normalizeText } from "@/lib/rag/parse/repair";

describe("joinLines", () => {
  it.each([
    ["hyphen", ["Каждая пере-", "менная имеет тип."], "Каждая переменная имеет тип."],
    ["soft hyphen", ["Каждая пере\u00AD", "менная имеет тип."], "Каждая переменная имеет тип."],
    ["en dash", ["Каждая пере–", "менная имеет тип."], "Каждая переменная имеет тип."],
    ["Unicode hyphen", ["Каждая пере\u2010", "менная имеет тип."], "Каждая переменная имеет тип."],
    ["English word", ["The infor-", "mation is kept."], "The information is kept."],
    ["short fragment", ["Было ле-", "то."], "Было лето."],
    ["soft hyphen inside a line", ["пере\u00ADменная"], "переменная"],
  ])("joins a word hyphenated at the line end (%s)", (_, lines, expected) => {
    expect(joinLines(lines)).toBe(expected);
  });

  it("leaves hyphenated compounds inside a line alone", () => {
    expect(joinLines(["Кто-нибудь видел", "Москва-реку?"])).toBe("Кто-нибудь видел Москва-реку?");
  });

  it.each([
    [["Если кто-", "нибудь спросит"], "Если кто-нибудь спросит"],
    [["Где-", "то далеко"], "Где-то далеко"],
    [["Какой-", "либо способ"], "Какой-либо способ"],
    [["Кое-", "что ещё"], "Кое-что ещё"],
  ])("keeps the hyphen of a pronoun with its particle broken at the hyphen: %j", (lines, expected) => {
    expect(joinLines(lines)).toBe(expected);
  });

  it.each([
    [["Поезд Москва-", "Петербург"], "Поезд Москва-Петербург"],
    [["Пандемия COVID-", "19 началась"], "Пандемия COVID-19 началась"],
  ])("keeps the hyphen when the next line starts with a capital or a digit: %j", (lines, expected) => {
    expect(joinLines(lines)).toBe(expected);
  });

  it("joins other lines with one space and keeps a dash that ends a line", () => {
    expect(joinLines(["  компромисс нужен  ", "", "всегда, требованиям —", "приходится уступать."])).toBe(
      "компромисс нужен всегда, требованиям — приходится уступать.",
    );
  });
});

describe("normalizeText", () => {
  it("expands ligatures, plain-letters math italics, drops invisible characters and composes to NFC", () => {
    const decomposed = "и\u0306";
    expect(normalizeText(`ﬁle\u00A0 ﬂow\u200B ﬀ ${decomposed}од 𝑛 + 𝐴 ⎛x⎞ a\u00ADb\nc`)).toBe("file flow ff йод n + A x ab c");
  });
});

describe("page furniture", () => {
  it.each(["7/29", "7", "- 7 -", "— 12 —", "стр. 7 из 29", "Page 7 of 29", " 44 / 61 "])("recognises %j as a page number", (line) => {
    expect(isPageNumberLine(line)).toBe(true);
  });

  it.each(["1.4.", "7 чудес света", "Лекция 7", "P(A) = 1/2"])("does not take %j for a page number", (line) => {
    expect(isPageNumberLine(line)).toBe(false);
  });

  it("drops page numbers and running headers at the page edges but keeps the same text in the body", () => {
    const page = (number: number, body: string[]) =>
      [`Операционные системы, лекция ${number}`, ...body, `${number}/4`].map((text) => ({ text }));
    const pages = [
      page(1, ["Введение.", "2"]),
      page(2, ["Процессы.", "Операционные системы, лекция 2 — повторение."]),
      page(3, ["Потоки."]),
      page(4, ["Итоги."]),
    ];
    expect(dropPageFurniture(pages).map((lines) => lines.map((line) => line.text))).toEqual([
      ["Введение."],
      ["Процессы.", "Операционные системы, лекция 2 — повторение."],
      ["Потоки."],
      ["Итоги."],
    ]);
  });

  it("keeps a line repeated at the page edges on fewer than half of the pages", () => {
    const firstLines = ["Задачи", "Задачи", "Теория", "Примеры", "Выводы", "Итоги"];
    const lastLines = ["Один.", "Два.", "Три.", "Четыре.", "Пять.", "Шесть."];
    const pages = firstLines.map((first, index) => [{ text: first }, { text: lastLines[index] }]);
    expect(dropPageFurniture(pages)).toEqual(pages);
  });
});

describe("LIST_MARKER", () => {
  it.each(["1. Пункт", "12) Пункт", "(a) Item", "а) пункт", "(Б) Пункт", "• Пункт", "- Пункт", "IV. Глава"])("starts a list item: %j", (line) => {
    expect(LIST_MARKER.test(line)).toBe(true);
  });

  it.each(["А. С. Пушкин писал", "— это ядро", "1.4. Лекция", "2024 год", "Итак, 1. пункт"])("is not a list item: %j", (line) => {
    expect(LIST_MARKER.test(line)).toBe(false);
  });
});
