import { describe, expect, it } from "vitest";
import { groupQuestions } from "@/lib/admin/unanswered/group-questions";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 10, minute));
const options = { minSimilarity: 0.9, minTermOverlap: 0.5 };

describe("groupQuestions", () => {
  it("groups wordings of one question by their stemmed terms, newest wording first, largest group first", () => {
    const groups = groupQuestions(
      [
        { id: "1", question: "Когда экзамен?", askedAt: at(1) },
        { id: "2", question: "Где взять слайды лекций?", askedAt: at(2) },
        { id: "3", question: "когда будет экзамен", askedAt: at(3) },
        { id: "4", question: "Когда экзамены?", askedAt: at(4) },
      ],
      options,
    );
    expect(groups).toEqual([
      { representative: "Когда экзамены?", questionIds: ["4", "3", "1"], wordings: ["Когда экзамены?", "когда будет экзамен", "Когда экзамен?"], lastAskedAt: at(4) },
      { representative: "Где взять слайды лекций?", questionIds: ["2"], wordings: ["Где взять слайды лекций?"], lastAskedAt: at(2) },
    ]);
  });

  it("joins differently worded questions whose embeddings are close, and only those", () => {
    const groups = groupQuestions(
      [
        { id: "a", question: "Можно ли пересдать контрольную?", askedAt: at(1), vector: [1, 0, 0] },
        { id: "b", question: "Есть ли вторая попытка теста?", askedAt: at(2), vector: [0.95, 0.05, 0] },
        { id: "c", question: "Как оформить отчёт?", askedAt: at(3), vector: [0, 1, 0] },
      ],
      options,
    );
    expect(groups.map((g) => g.questionIds)).toEqual([["b", "a"], ["c"]]);
  });

  it("returns nothing for no questions", () => {
    expect(groupQuestions([], options)).toEqual([]);
  });
});
