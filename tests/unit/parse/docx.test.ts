import { describe, expect, it } from "vitest";
import { minimalPdf } from "@/tests/support/pdf";
import { deflated, deflatedZeros, docxEntries, zipArchive } from "@/tests/support/zip";
import { LIMITS, expectFailure, outline, parse, scratchDirectory } from "./helpers";

const write = scratchDirectory();

const lecture = docxEntries([
  { text: "Операционные системы", style: "Heading1" },
  { text: "Вводная часть курса." },
  { text: "Процессы и потоки", style: "Heading2" },
  { text: "Процесс — это программа во время исполнения." },
  { text: "Планирование", style: "Heading2" },
  { text: "Алгоритм FCFS обслуживает процессы в порядке поступления." },
  { text: "Память", style: "Heading1" },
  { text: "Виртуальная память отделяет адреса процесса от физических." },
]);

describe("DOCX", () => {
  it("turns Word heading styles into section paths", async () => {
    const document = await parse(write("lecture.docx", zipArchive(lecture)));
    expect(document.title).toBe("Операционные системы");
    expect(document.pageCount).toBeNull();
    expect(document.blocks.map((block) => block.page)).toEqual(Array(8).fill(null));
    const [os, processes, scheduling, memory] = ["Операционные системы", "Процессы и потоки", "Планирование", "Память"];
    expect(outline(document)).toEqual([
      { kind: "heading", text: os, headingPath: [os] },
      { kind: "paragraph", text: "Вводная часть курса.", headingPath: [os] },
      { kind: "heading", text: processes, headingPath: [os, processes] },
      { kind: "paragraph", text: "Процесс — это программа во время исполнения.", headingPath: [os, processes] },
      { kind: "heading", text: scheduling, headingPath: [os, scheduling] },
      { kind: "paragraph", text: "Алгоритм FCFS обслуживает процессы в порядке поступления.", headingPath: [os, scheduling] },
      { kind: "heading", text: memory, headingPath: [memory] },
      { kind: "paragraph", text: "Виртуальная память отделяет адреса процесса от физических.", headingPath: [memory] },
    ]);
  });

  it("refuses a zip bomb (300 MB of zeros in one entry) from the central directory, without inflating it", async () => {
    const bomb = await deflatedZeros("word/media/padding.bin", 300 * 1024 * 1024);
    const archive = zipArchive([...lecture, bomb]);
    expect(archive.length).toBeLessThan(LIMITS.maxBytes);
    await expectFailure(parse(write("bomb.docx", archive)), "zip_bomb");

    // The same directory over garbage instead of deflate data: inflating it would fail as a damaged
    // file, so getting zip_bomb again shows the verdict came from the declared sizes alone.
    const garbage = { ...bomb, compressed: Buffer.alloc(bomb.compressed.length, 0xff) };
    await expectFailure(parse(write("bomb-garbage.docx", zipArchive([...lecture, garbage]))), "zip_bomb");
  });

  it("refuses an archive whose entries add up to more than 20 times the size limit", async () => {
    // Each entry is too small for the ratio check, so only the total gives the archive away.
    const limits = { maxBytes: 64 * 1024, maxPages: 10 };
    const parts = Array.from({ length: 20 }, (_, index) =>
      deflated(`word/part${index}.xml`, Buffer.from(`<p>${"данные ".repeat(10_000)}${index}</p>`)),
    );
    const archive = zipArchive([...lecture, ...parts]);
    expect(archive.length).toBeLessThan(limits.maxBytes);
    await expectFailure(parse(write("large.docx", archive), "large.docx", limits), "zip_bomb");
  });

  it("refuses an archive that lies about an entry's size once the inflated data outgrows the claim", async () => {
    const liar = { ...(await deflatedZeros("word/media/image1.png", 20 * 1024 * 1024)), declaredSize: 1000 };
    await expectFailure(parse(write("liar.docx", zipArchive([...lecture, liar]))), "zip_bomb");
  });

  it("refuses a ZIP archive without a Word document inside as a mismatch", async () => {
    const workbook = zipArchive([deflated("xl/workbook.xml", "<workbook/>")]);
    const message = await expectFailure(parse(write("table.docx", workbook)), "content_mismatch");
    expect(message).toContain("without a Word document");
  });

  it("refuses a .docx that is really a PDF, naming what it is", async () => {
    const message = await expectFailure(parse(write("report.docx", minimalPdf([["Report"]]))), "content_mismatch");
    expect(message).toContain("PDF");
  });

  it("refuses a DOCX whose document part is not XML as damaged", async () => {
    const broken = lecture.map((entry) => (entry.name === "word/document.xml" ? deflated(entry.name, "<w:document><w:body>") : entry));
    await expectFailure(parse(write("broken.docx", zipArchive(broken))), "corrupt_file");
  });

  it("refuses a DOCX without any text as empty", async () => {
    await expectFailure(parse(write("blank.docx", zipArchive(docxEntries([{ text: "  " }])))), "empty_document");
  });

  it("refuses a damaged archive", async () => {
    const archive = zipArchive(lecture);
    await expectFailure(parse(write("cut.docx", archive.subarray(0, archive.length - 30))), "corrupt_file");
  });
});
