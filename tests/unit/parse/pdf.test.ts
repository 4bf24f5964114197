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

/** Phrases and line-end splits read off each page with `pdftotext -f N -l N`. */
type RealPdf = { file: string; pageCount: number; phrases: [number, string][]; splits: [string, string][] };

const REAL_PDFS: RealPdf[] = [
  {
    file: "opsys-OS.pdf",
    pageCount: 29,
    phrases: [
      [7, "восстановление после сбоев"],
      [7, "Ядром операционной системы называется та часть ее кода"],
      [18, "упорядочивание очереди по возрастанию"],
    ],
    splits: [
      ["восста", "новление"],
      ["вычислитель", "ного"],
      ["сложноор", "ганизованными"],
      ["справедли", "вости"],
    ],
  },
  {
    file: "probtheory-PT.pdf",
    pageCount: 61,
    phrases: [
      [10, "Условной вероятностью события A при условии, что имело место событие B"],
      [44, "первая координата точки"],
      [54, "равна произведению их характеристических функций"],
    ],
    splits: [
      ["коор", "дината"],
      ["незави", "симых"],
      ["неопреде", "ленности"],
    ],
  },
];

// Each PDF takes a second or two to parse, so every test of it shares one parse.
const parsed = new Map<string, Promise<ParsedDocument>>();
function parseCorpusPdf(file: string): Promise<ParsedDocument> {
  if (!parsed.has(file)) parsed.set(file, parse(path.join(CORPUS, file)));
  return parsed.get(file)!;
}

describe.each(REAL_PDFS)("real pdfTeX lecture notes: $file", ({ file, pageCount, phrases, splits }) => {
  let document: ParsedDocument;
  beforeAll(async () => {
    document = await parseCorpusPdf(file);
  });

  it("counts the pages", () => {
    expect(document.pageCount).toBe(pageCount);
  });

  it.each(phrases)("puts the phrase found by pdftotext on page %i into a block of that page: %s", (page, phrase) => {
    expect(blockWith(document, phrase)?.page).toBe(page);
  });

  it.each(splits)("joins the word hyphenated across lines: %s-%s", (left, right) => {
    expect(blockWith(document, left + right)).toBeDefined();
    for (const artefact of splitArtefacts(left, right)) expect(blockWith(document, artefact)).toBeUndefined();
  });

  it(`drops the page footers such as 7/${pageCount}`, () => {
    const footer = new RegExp(`(^|\\s)\\d{1,2}/${pageCount}(\\s|$)`);
    expect(document.blocks.filter((block) => footer.test(block.text))).toEqual([]);
  });
});

describe("structure of opsys-OS.pdf", () => {
  let document: ParsedDocument;
  beforeAll(async () => {
    document = await parseCorpusPdf("opsys-OS.pdf");
  });

  it("takes the title from the title page", () => {
    expect(document.title).toBe("OS LEC 04");
  });

  it("keeps real hyphenated words", () => {
    for (const word of ["ввод-вывод", "какой-либо", "во-первых", "программно-аппаратный"]) {
      expect(blockWith(document, word), word).toBeDefined();
    }
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

describe("formulas in probtheory-PT.pdf", () => {
  it("keeps display formulas with their sentence instead of scattering them into tiny blocks", async () => {
    const document = await parseCorpusPdf("probtheory-PT.pdf");
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

  it("reads Russian text from the hand-built PDF (glyph names, no embedded font)", async () => {
    const document = await parse(write("ru.pdf", minimalPdf([["Ёжик в тумане: ядро (kernel)", "и ёлка."], ["Страница Я"]])));
    expect(document.blocks.map(({ text, page }) => ({ text, page }))).toEqual([
      { text: "Ёжик в тумане: ядро (kernel) и ёлка.", page: 1 },
      { text: "Страница Я", page: 2 },
    ]);
    expect(() => minimalPdf([["Café"]])).toThrow(/only ASCII and Russian/);
  });
});
