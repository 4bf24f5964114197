import { describe, expect, it } from "vitest";
import { analyze } from "@/lib/text/analyzer";
import { documentSparseVector, querySparseVector, termIndex } from "@/lib/vector/lexical";

describe("analyze", () => {
  it("gives Russian word forms one stem", () => {
    expect(analyze("переменная")).toEqual(analyze("переменных"));
    expect(analyze("Типы переменных")).toEqual(analyze("тип переменной"));
    expect(analyze("циклах")).toEqual(analyze("цикл"));
  });

  it("stems English words and keeps numbers as typed", () => {
    expect(analyze("Running functions in Python 3.12")).toEqual(["run", "function", "python", "3", "12"]);
  });

  it("drops Russian and English stop words", () => {
    expect(analyze("и в на the of")).toEqual([]);
    expect(analyze("Лекция о циклах")).toEqual(["лекц", "цикл"]);
  });

  it("folds case, ё and stress marks", () => {
    expect(analyze("ЁЛКА")).toEqual(analyze("елка"));
    expect(analyze("переме\u0301нная")).toEqual(analyze("переменная"));
    expect(analyze("её")).toEqual([]);
  });

  it("splits on punctuation and keeps letters of both scripts", () => {
    expect(analyze("онлайн-курс: SQL, (базы)данных!")).toEqual(["онлайн", "курс", "sql", "баз", "дан"]);
  });
});

describe("termIndex", () => {
  it("is the unsigned 32-bit FNV-1a hash of the UTF-8 bytes", () => {
    // Reference values of FNV-1a 32: "" is the offset basis, "a" a published test vector.
    expect(termIndex("")).toBe(0x811c9dc5);
    expect(termIndex("a")).toBe(0xe40c292c);
    expect(termIndex("перемен")).toBeGreaterThanOrEqual(0);
    expect(termIndex("перемен")).toBeLessThan(2 ** 32);
    expect(termIndex("перемен")).not.toBe(termIndex("перемена"));
  });
});

describe("sparse vectors", () => {
  it("weighs repeated terms with saturation and keeps indices unique and sorted", () => {
    const vector = documentSparseVector("цикл цикл цикл функция");
    expect(vector.indices).toEqual([...new Set(vector.indices)].sort((a, b) => a - b));
    const weight = (term: string) => vector.values[vector.indices.indexOf(termIndex(term))];
    expect(weight("цикл")).toBeGreaterThan(weight("функц"));
    expect(weight("цикл")).toBeLessThan(3 * weight("функц"));
  });

  it("gives each query term weight one", () => {
    const vector = querySparseVector("цикл циклы функции");
    expect(vector.indices).toHaveLength(2);
    expect(vector.values).toEqual([1, 1]);
  });

  it("is empty for text without terms", () => {
    expect(documentSparseVector("")).toEqual({ indices: [], values: [] });
    expect(querySparseVector("и на в")).toEqual({ indices: [], values: [] });
  });
});
