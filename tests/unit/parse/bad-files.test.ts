import path from "node:path";
import { describe, expect, it } from "vitest";
import { minimalPdf } from "@/tests/support/pdf";
import { expectFailure, parse, scratchDirectory } from "./helpers";

const write = scratchDirectory();

// The 8-byte PNG signature and the start of an IHDR chunk: enough for magic-number detection.
const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");

describe("files refused before parsing", () => {
  it.each(["slides.pptx", "setup.exe", "README"])("refuses an unsupported type: %s", async (name) => {
    const message = await expectFailure(parse(write(name, "some content"), name), "unsupported_type");
    expect(message).toContain(".pdf, .docx, .md");
  });

  it.each(["empty.pdf", "empty.md", "empty.docx"])("refuses a zero-byte file: %s", async (name) => {
    await expectFailure(parse(write(name, "")), "empty_file");
  });

  it("refuses a file over the size limit, giving both sizes", async () => {
    const file = write("big.txt", "Лекция. ".repeat(1000)); // 14,000 bytes
    const message = await expectFailure(parse(file, "big.txt", { maxBytes: 4096, maxPages: 10 }), "too_large");
    expect(message).toContain("The file is 14 KB, over the 4 KB limit");

    const large = await expectFailure(parse(file, "big.txt", { maxBytes: 1.5 * 1024, maxPages: 10 }), "too_large");
    expect(large).toContain("over the 2 KB limit");
  });
});

describe("files whose extension lies about their content", () => {
  it("refuses a .pdf that is really a PNG image, naming the format", async () => {
    const message = await expectFailure(parse(write("scan.pdf", PNG)), "content_mismatch");
    expect(message).toContain("PNG");
  });

  it("refuses a .pdf that is really plain text", async () => {
    const message = await expectFailure(parse(write("notes.pdf", "Конспект лекции, просто текст.")), "content_mismatch");
    expect(message).toContain("plain text");
  });

  it("refuses Markdown with NUL bytes as binary", async () => {
    const bytes = Buffer.concat([Buffer.from("# Заголовок\n"), Buffer.from([0, 0, 1, 2, 0])]);
    const message = await expectFailure(parse(write("binary.md", bytes)), "content_mismatch");
    expect(message).toContain("UTF-8");
  });

  it("refuses Markdown in another encoding (Windows-1251) and asks for UTF-8", async () => {
    // "Лекция" in Windows-1251: every byte is above 0x7F and invalid as UTF-8.
    const bytes = Buffer.from([0xcb, 0xe5, 0xea, 0xf6, 0xe8, 0xff, 0x0a]);
    const message = await expectFailure(parse(write("cp1251.md", bytes)), "content_mismatch");
    expect(message).toContain("save it as UTF-8");
  });

  it("refuses a .txt that is really a PDF, naming the format", async () => {
    const bytes = Buffer.concat([minimalPdf([["Hello"]]), Buffer.from([0xe2, 0xe3, 0xcf, 0xd3])]);
    const message = await expectFailure(parse(write("paper.txt", bytes)), "content_mismatch");
    expect(message).toContain("PDF");
  });
});

describe("files without any text", () => {
  it.each([
    ["blank.txt", " \n\n\t\n"],
    ["comments.md", "<!-- черновик -->\n\n<Youtube id=\"x\" />\n"],
    ["chrome.html", "<html><head><title>Пусто</title></head><body><nav>Меню</nav><script>x()</script></body></html>"],
  ])("refuses %s as an empty document", async (name, content) => {
    await expectFailure(parse(write(name, content)), "empty_document");
  });
});

describe("unexpected failures", () => {
  it("reports an error from below the parsers as a damaged file with a short reason, not a stack trace", async () => {
    const directory = path.dirname(write("placeholder.md", "# Заглушка"));
    const message = await expectFailure(parse(directory, "lecture.md"), "corrupt_file");
    expect(message).toContain("EISDIR");
  });
});
