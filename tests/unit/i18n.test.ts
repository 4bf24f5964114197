import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { isLocale, resolveLocale } from "@/lib/i18n/locales";
import { catalogues, createTranslator } from "@/lib/i18n/translator";

function argumentNames(elements: MessageFormatElement[]): string[] {
  return elements.flatMap((element) => {
    if (element.type === TYPE.literal || element.type === TYPE.pound) return [];
    const nested = "options" in element ? Object.values(element.options).flatMap((option) => argumentNames(option.value)) : [];
    return [String(element.value), ...nested];
  });
}

describe("message catalogues", () => {
  it("have the same keys in Russian and English", () => {
    expect(Object.keys(catalogues.en).sort()).toEqual(Object.keys(catalogues.ru).sort());
  });

  it.each(Object.keys(catalogues.ru))("%s parses and uses the same arguments in both languages", (key) => {
    const ru = new Set(argumentNames(parse(catalogues.ru[key as keyof typeof catalogues.ru])));
    const en = new Set(argumentNames(parse(catalogues.en[key as keyof typeof catalogues.en])));
    expect([...en].sort()).toEqual([...ru].sort());
  });
});

describe("translator", () => {
  it("declines Russian plurals", () => {
    const t = createTranslator("ru");
    expect([1, 2, 5, 11, 21, 22].map((count) => t("home.materialsCount", { count }))).toEqual([
      "1 материал",
      "2 материала",
      "5 материалов",
      "11 материалов",
      "21 материал",
      "22 материала",
    ]);
  });

  it("formats English plurals and interpolates values", () => {
    const t = createTranslator("en");
    expect(t("home.materialsCount", { count: 1 })).toBe("1 document");
    expect(t("home.materialsCount", { count: 3 })).toBe("3 documents");
    expect(t("home.openCourse", { title: "Python" })).toBe("Open the course “Python”");
  });
});

describe("resolveLocale", () => {
  it("uses the reader's choice when it is supported, the site default otherwise", () => {
    expect(resolveLocale("en", "ru")).toBe("en");
    expect(resolveLocale(undefined, "ru")).toBe("ru");
    expect(resolveLocale("de", "ru")).toBe("ru");
    expect(resolveLocale(undefined, "en")).toBe("en");
    expect(isLocale("RU")).toBe(false);
  });
});
