import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { entriesToCsv, parseQaCsv } from "@/lib/admin/qa-csv";
import { statusOf } from "../../support/http-errors";

describe("FAQ CSV", () => {
  it("writes Excel-friendly UTF-8 with quoting and reads it back unchanged", () => {
    const entries = [
      { kind: "FAQ" as const, question: "Когда экзамен?", answer: "20 января, 10:00.\nАудитория 301, «главный» корпус" },
      { kind: "ORGANIZATION" as const, question: 'Где "деканат"?', answer: "Корпус 2; комната 105" },
    ];
    const csv = entriesToCsv(entries);
    expect(csv.startsWith("\uFEFFkind,question,answer\r\n")).toBe(true);
    expect(parseQaCsv(csv)).toEqual(entries);
  });

  it("accepts headers in any case and order, and a missing kind as FAQ", () => {
    expect(parseQaCsv("Answer,Question\n42,Сколько?")).toEqual([{ kind: "FAQ", question: "Сколько?", answer: "42" }]);
    expect(parseQaCsv("question,answer,kind\nГде?,Тут,organization\n")).toEqual([{ kind: "ORGANIZATION", question: "Где?", answer: "Тут" }]);
  });

  it("refuses the whole file, naming each bad row, when any row is wrong", async () => {
    expect(await statusOf(Promise.resolve().then(() => parseQaCsv("kind,question,answer\nquiz,Что?,Это\n")))).toBe(400);
    expect(() => parseQaCsv("kind,question,answer\nFAQ,Ок?,Да\nquiz,Что?,Это\nFAQ,,Пусто\n")).toThrow(/Nothing was imported\. row 3: kind .*row 4: question must not be empty/);
    expect(() => parseQaCsv("вопрос,ответ\nА?,Б\n")).toThrow(/header row with the columns kind, question, answer \(missing: question, answer\)/);
    expect(() => parseQaCsv("kind,question,answer\n")).toThrow(/no rows/);
  });

  it("quotes every cell a spreadsheet would run as a formula, and imports it back as the same text", () => {
    const hostile = [
      { kind: "FAQ" as const, question: "=cmd|' /C calc'!A0", answer: "+1+1" },
      { kind: "FAQ" as const, question: "-2+3", answer: "@SUM(A1:A2)" },
      { kind: "FAQ" as const, question: "'=already quoted", answer: "\t=tab, then a formula" },
      { kind: "ORGANIZATION" as const, question: "Обычный вопрос?", answer: "it's fine - as is" },
    ];
    const csv = entriesToCsv(hostile);
    const cells = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data.slice(1);
    expect(cells).toEqual([
      ["FAQ", "'=cmd|' /C calc'!A0", "'+1+1"],
      ["FAQ", "'-2+3", "'@SUM(A1:A2)"],
      ["FAQ", "''=already quoted", "'\t=tab, then a formula"],
      ["ORGANIZATION", "Обычный вопрос?", "it's fine - as is"],
    ]);
    // No cell starts with a formula character, whatever the spreadsheet's quoting rules.
    expect(cells.flat().some((cell) => /^[=+\-@\t\r]/.test(cell))).toBe(false);
    // Round trip: the quote the export added comes off again (the tab goes with zod's trim).
    expect(parseQaCsv(csv)).toEqual(hostile.map((e) => (e.answer.startsWith("\t") ? { ...e, answer: e.answer.trim() } : e)));
  });

  it("stores a typed formula as plain text and keeps a quote the export did not add", () => {
    expect(parseQaCsv("question,answer\n=1+1,'@home\n'quoted,=A1\n")).toEqual([
      { kind: "FAQ", question: "=1+1", answer: "@home" },
      { kind: "FAQ", question: "'quoted", answer: "=A1" },
    ]);
  });
});
