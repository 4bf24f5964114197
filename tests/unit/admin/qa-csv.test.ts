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
});
