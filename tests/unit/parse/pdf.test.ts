import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ParsedBlock, ParsedDocument } from "@/lib/rag/parse";
import { minimalPdf } from "@/tests/support/pdf";
import { CORPUS, expectFailure, parse, scratchDirectory } from "./helpers";

const write = scratchDirectory();

function blockWith(document: ParsedDocument, phrase: string): ParsedBlock | undefined {
  return document.blocks.find((block) => block.text.includes(phrase));
}

/** Every way a word split at a line end could survive: with its hyphen, or as two words. */
function splitArtefacts(left: string, right: string): string[] {
  return [`${left}-${right}`, `${left}- ${right}`, `${left} ${right}`, `${left}-\n${right}`];
}

describe("real pdfTeX lecture notes: opsys-OS.pdf", () => {
  let document: ParsedDocument;
  beforeAll(async () => {
    document = await parse(path.join(CORPUS, "opsys-OS.pdf"));
  });

  it("counts the pages and takes the title from the title page", () => {
    expect(document.pageCount).toBe(29);
    expect(document.title).toBe("OS LEC 04");
  });

  it.each([
    [7, "восстановление после сбоев"],
    [7, "Ядром операционной системы называется та часть ее кода"],
    [18, "упорядочивание очереди по возрастанию"],
  ])("puts the phrase found by pdftotext on page %i into a block of that page: %s", (page, phrase) => {
    expect(blockWith(document, phrase)?.page).toBe(page);
  });

  it.each([
    ["восста", "новление"],
    ["вычислитель", "ного"],
    ["сложноор", "ганизованными"],
    ["справедли", "вости"],
  ])("joins the word hyphenated across lines: %s-%s", (left, right) => {
    expect(blockWith(document, left + right)).toBeDefined();
    for (const artefact of splitArtefacts(left, right)) expect(blockWith(document, artefact)).toBeUndefined();
  });

  it("keeps real hyphenated words", () => {
    for (const word of ["ввод-вывод", "какой-либо", "во-первых", "программно-аппаратный"]) {
      expect(blockWith(document, word), word).toBeDefined();
    }
  });

  it("drops the page footers such as 7/29", () => {
    const footers = document.blocks.filter((block) => /(^|\s)\d{1,2}\/29(\s|$)/.test(block.text));
    expect(footers).toEqual([]);
  });

  it("rebuilds sections from font sizes and keeps list items and paragraphs apart", () => {
    const heading = document.blocks.find((block) => block.kind === "heading" && block.text === "1.4. Лекция 24.02.28.");
    expect(heading).toMatchObject({ page: 7, headingPath: ["OS LEC 04", "1. Лекции", "1.4. Лекция 24.02.28."] });
    expect(blockWith(document, "Ядром операционной системы")?.headingPath.at(-1)).toBe("1.4. Лекция 24.02.28.");
    expect(blockWith(document, "(a) Интерфейс командной строки.")).toMatchObject({
      kind: "list",
      text: "(a) Интерфейс командной строки.",
      page: 7,
    });
    const item = blockWith(document, "3. Поддержка администрирования и эксплуатации");
    expect(item?.text).toBe("3. Поддержка администрирования и эксплуатации вычислительного узла.");
    expect(blockWith(document, "Операционная система должна предоставлять средства")?.kind).toBe("paragraph");
  });
});

describe("real pdfTeX lecture notes with formulas: probtheory-PT.pdf", () => {
  let document: ParsedDocument;
  beforeAll(async () => {
    document = await parse(path.join(CORPUS, "probtheory-PT.pdf"));
  });

  it("counts the pages", () => {
    expect(document.pageCount).toBe(61);
  });

  it.each([
    [10, "Условной вероятностью события A при условии, что имело место событие B"],
    [44, "первая координата точки"],
    [54, "равна произведению их характеристических функций"],
  ])("puts the phrase found by pdftotext on page %i into a block of that page: %s", (page, phrase) => {
    expect(blockWith(document, phrase)?.page).toBe(page);
  });

  it.each([
    ["коор", "дината"],
    ["незави", "симых"],
    ["неопреде", "ленности"],
  ])("joins the word hyphenated across lines: %s-%s", (left, right) => {
    expect(blockWith(document, left + right)).toBeDefined();
    for (const artefact of splitArtefacts(left, right)) expect(blockWith(document, artefact)).toBeUndefined();
  });

  it("drops the page footers such as 44/61", () => {
    expect(document.blocks.filter((block) => /(^|\s)\d{1,2}\/61(\s|$)/.test(block.text))).toEqual([]);
  });

  it("keeps display formulas with their sentence instead of scattering them into tiny blocks", () => {
    const tiny = document.blocks.filter((block) => block.kind === "paragraph" && block.text.length < 10);
    expect(tiny.length).toBeLessThan(document.blocks.length / 20);
  });
});

describe("PDFs that cannot be indexed", () => {
  it("refuses a PDF with more pages than the limit before reading its text", async () => {
    const message = await expectFailure(
      parse(path.join(CORPUS, "probtheory-PT.pdf"), "probtheory-PT.pdf", { maxBytes: 20 * 1024 * 1024, maxPages: 3 }),
      "too_many_pages",
    );
    expect(message).toContain("61 pages");
  });

  it("refuses a password-protected PDF (qpdf AES-256, see tests/fixtures/make-encrypted-pdf.ts)", async () => {
    await expectFailure(parse(path.join(import.meta.dirname, "../../fixtures/encrypted.pdf")), "encrypted_pdf");
  });

  it("refuses a PDF cut off at 30 % of its bytes as damaged", async () => {
    const bytes = readFileSync(path.join(CORPUS, "opsys-OS.pdf"));
    await expectFailure(parse(write("truncated.pdf", bytes.subarray(0, Math.floor(bytes.length * 0.3)))), "corrupt_file");
  });

  it.each([
    ["empty pages", [[], []]],
    ["only whitespace", [["   "]]],
  ])("refuses a valid PDF without text (%s) as empty", async (_, pages) => {
    const message = await expectFailure(parse(write("scan.pdf", minimalPdf(pages))), "empty_document");
    expect(message).toContain("text layer");
  });

  it("reads the hand-built PDF that the failure cases start from", async () => {
    const document = await parse(write("hello.pdf", minimalPdf([["Scheduling basics", "and queues"], ["Second page"]])));
    expect(document.blocks.map(({ text, page }) => ({ text, page }))).toEqual([
      { text: "Scheduling basics and queues", page: 1 },
      { text: "Second page", page: 2 },
    ]);
  });
});
