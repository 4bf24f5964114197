import { fileTypeFromBuffer } from "file-type";
import type { DocumentType } from "@/lib/generated/prisma/enums";
import { ParseError } from "./types";

// file-type needs at most this many leading bytes to recognise a format by its magic numbers.
const SNIFF_BYTES = 4100;
// The PDF specification lets readers accept the header anywhere in the first kilobyte.
const PDF_HEADER_WINDOW = 1024;
const ZIP_LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04];

const EXPECTED: Record<DocumentType, string> = {
  PDF: "a PDF document",
  DOCX: "a Word (.docx) document",
  MARKDOWN: "Markdown text",
  HTML: "an HTML page",
  TEXT: "plain text",
};

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

function hasPdfHeader(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, PDF_HEADER_WINDOW)).includes("%PDF-");
}

function decodeUtf8(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Names a format recognised by its magic numbers, such as "a PNG file (image/png)". */
async function recognisedFormat(bytes: Uint8Array): Promise<string | null> {
  const detected = await fileTypeFromBuffer(bytes.subarray(0, SNIFF_BYTES));
  return detected ? `a ${detected.ext.toUpperCase()} file (${detected.mime})` : null;
}

function mismatch(content: string, type: DocumentType, extension: string): ParseError {
  return new ParseError(
    "content_mismatch",
    `The file has the extension ${extension} but contains ${content} rather than ${EXPECTED[type]}; upload the original file.`,
  );
}

/** What the bytes really are, for the message that tells staff why the file was refused. */
async function describeContent(bytes: Uint8Array): Promise<string> {
  return (await recognisedFormat(bytes)) ?? (decodeUtf8(bytes) === null ? "unrecognised binary data" : "plain text");
}

/**
 * Checks that the content matches the declared type before any parser sees it, so that a renamed
 * file fails with a clear reason instead of a parser error. Text formats come back decoded.
 */
export async function sniffContent(bytes: Uint8Array, type: DocumentType, extension: string): Promise<string | null> {
  if (type === "PDF") {
    if (!hasPdfHeader(bytes)) throw mismatch(await describeContent(bytes), type, extension);
    return null;
  }
  if (type === "DOCX") {
    if (!startsWith(bytes, ZIP_LOCAL_HEADER)) throw mismatch(await describeContent(bytes), type, extension);
    return null;
  }
  const text = decodeUtf8(bytes);
  if (text !== null) return text;
  const format = await recognisedFormat(bytes);
  if (format) throw mismatch(format, type, extension);
  throw new ParseError(
    "content_mismatch",
    `The ${extension} file is not UTF-8 text (it holds binary data or another encoding); save it as UTF-8 text and upload it again.`,
  );
}
