import { finished } from "node:stream/promises";
import mammoth from "mammoth";
import yauzl from "yauzl";
import { parseHtml } from "./html";
import { ParseError, type ParsedDocument } from "./types";

const MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024;
const MAX_ENTRY_RATIO = 100;
// Small parts such as styles.xml compress very well without being dangerous.
const RATIO_CHECK_MIN_BYTES = 1024 * 1024;
const MAX_ENTRIES = 10_000;

function zipBomb(): ParseError {
  return new ParseError(
    "zip_bomb",
    "The DOCX expands to far more data than a document needs (a possible zip bomb); open it in Word, save a clean copy and upload that.",
  );
}

function damaged(): ParseError {
  return new ParseError(
    "corrupt_file",
    "The DOCX file is damaged and cannot be opened as a Word document; save it again from Word and re-upload.",
  );
}

/**
 * Guards against zip bombs before mammoth inflates anything: the central directory's declared sizes
 * are checked first, then every entry is streamed through a counter, because a crafted archive can
 * declare small sizes and inflate to gigabytes (yauzl stops a stream that outgrows its declared size).
 */
async function inspectArchive(bytes: Buffer, maxBytes: number): Promise<void> {
  const bound = Math.min(20 * maxBytes, MAX_TOTAL_UNCOMPRESSED);
  const zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true }).catch(() => {
    throw damaged();
  });
  try {
    if (zip.entryCount > MAX_ENTRIES) throw zipBomb();
    const entries: yauzl.Entry[] = [];
    let declared = 0;
    for await (const entry of zip.eachEntry()) {
      declared += entry.uncompressedSize;
      const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
      if (declared > bound || (entry.uncompressedSize > RATIO_CHECK_MIN_BYTES && ratio > MAX_ENTRY_RATIO)) throw zipBomb();
      entries.push(entry);
    }
    if (!entries.some((entry) => entry.fileName === "word/document.xml")) {
      throw new ParseError(
        "content_mismatch",
        "The file has the extension .docx but is a ZIP archive without a Word document inside; upload the original .docx file.",
      );
    }
    for (const entry of entries) {
      if (entry.fileName.endsWith("/")) continue;
      const stream = await zip.openReadStreamPromise(entry);
      try {
        await finished(stream.resume());
      } catch (error) {
        throw /too many bytes/i.test(String(error)) ? zipBomb() : damaged();
      }
    }
  } catch (error) {
    throw error instanceof ParseError ? error : damaged();
  } finally {
    zip.close();
  }
}

export async function parseDocx(bytes: Buffer, maxBytes: number): Promise<ParsedDocument> {
  await inspectArchive(bytes, maxBytes);
  // By default mammoth inlines every image as a base64 data URI; only the text is wanted here.
  const convertImage = mammoth.images.imgElement(async () => ({ src: "" }));
  const { value: html } = await mammoth.convertToHtml({ buffer: bytes }, { convertImage }).catch(() => {
    throw damaged();
  });
  return parseHtml(html);
}
