import { open, stat } from "node:fs/promises";
import path from "node:path";
import { SUPPORTED_FILE_TYPES, fileTypeOf } from "@/lib/documents/file-types";
import { parseDocx } from "./docx";
import { parseHtml } from "./html";
import { parseMarkdown } from "./markdown";
import { parsePdf } from "./pdf";
import { sniffContent } from "./sniff";
import { parseText } from "./text";
import { ParseError, type ParsedDocument } from "./types";

export { ParseError } from "./types";
export type { BlockKind, ParsedBlock, ParsedDocument, ParseFailureCode } from "./types";

export type ParseLimits = { maxBytes: number; maxPages: number };

/**
 * Text allowed per page of the page limit, in any format: generous for a dense page, and it keeps
 * a small file that expands into an endless text (a DOCX, a PDF with huge pages) from being chunked
 * and embedded for hours.
 */
const MAX_CHARS_PER_PAGE = 5_000;

function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  const megabytes = bytes / (1024 * 1024);
  return `${Number.isInteger(megabytes) ? megabytes : megabytes.toFixed(1)} MB`;
}

async function readAtMost(filePath: string, size: number): Promise<Buffer> {
  const file = await open(filePath, "r");
  try {
    const buffer = Buffer.alloc(size);
    const { bytesRead } = await file.read(buffer, 0, size, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** A short, single-line reason from an unexpected library error, never its stack trace. */
function shortReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split("\n")[0].trim().replace(/\.$/, "");
  return firstLine.length > 160 ? `${firstLine.slice(0, 157)}...` : firstLine || "unknown error";
}

async function dispatch(filePath: string, fileName: string, limits: ParseLimits): Promise<ParsedDocument> {
  const extension = path.extname(fileName).toLowerCase();
  const fileType = fileTypeOf(fileName);
  if (!fileType) {
    const supported = Object.keys(SUPPORTED_FILE_TYPES).join(", ");
    const what = extension ? `Files of type ${extension} are` : "Files without an extension are";
    throw new ParseError("unsupported_type", `${what} not supported; upload one of: ${supported}.`);
  }
  const { size } = await stat(filePath);
  if (size === 0) throw new ParseError("empty_file", "The file is empty (0 bytes); upload the file again.");
  if (size > limits.maxBytes) {
    throw new ParseError(
      "too_large",
      `The file is ${formatSize(size)}, over the ${formatSize(limits.maxBytes)} limit; split it or compress its images and upload again.`,
    );
  }
  const bytes = await readAtMost(filePath, size);
  const text = await sniffContent(bytes, fileType.type, extension);
  switch (fileType.type) {
    case "PDF":
      return parsePdf(bytes, limits.maxPages);
    case "DOCX":
      return parseDocx(bytes, limits.maxBytes);
    case "MARKDOWN":
      return parseMarkdown(text ?? "");
    case "HTML":
      return parseHtml(text ?? "");
    case "TEXT":
      return parseText(text ?? "");
  }
}

/**
 * Reads an uploaded file into structured blocks. Every refusal is a ParseError whose message course
 * staff can act on; library failures are reported as a damaged file rather than as a stack trace.
 */
export async function parseDocument(filePath: string, fileName: string, limits: ParseLimits): Promise<ParsedDocument> {
  let document: ParsedDocument;
  try {
    document = await dispatch(filePath, fileName, limits);
  } catch (error) {
    if (error instanceof ParseError) throw error;
    throw new ParseError(
      "corrupt_file",
      `The file could not be read (${shortReason(error)}); check that it opens on your computer and upload it again.`,
    );
  }
  if (document.blocks.length === 0) {
    throw new ParseError("empty_document", "The file contains no text to index; upload a document with text in it.");
  }
  const maxChars = limits.maxPages * MAX_CHARS_PER_PAGE;
  const chars = document.blocks.reduce((sum, block) => sum + block.text.length, 0);
  if (chars > maxChars) {
    throw new ParseError(
      "too_much_text",
      `The file has ${chars.toLocaleString("en")} characters of text, more than the limit of ${maxChars.toLocaleString("en")}; split it into smaller files.`,
    );
  }
  return document;
}
