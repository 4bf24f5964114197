import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect } from "vitest";
import { ParseError, parseDocument, type ParsedDocument, type ParseFailureCode, type ParseLimits } from "@/lib/rag/parse";

export const CORPUS = path.resolve(import.meta.dirname, "../../..", "../shared/corpus/ru-course");
export const LIMITS: ParseLimits = { maxBytes: 20 * 1024 * 1024, maxPages: 500 };

/** A scratch directory for generated files, removed when the test file finishes. */
export function scratchDirectory(): (name: string, content: string | Uint8Array) => string {
  const directory = mkdtempSync(path.join(tmpdir(), "parse-test-"));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  return (name, content) => {
    const file = path.join(directory, name);
    writeFileSync(file, content);
    return file;
  };
}

/** Parses and expects a refusal with `code` and a message course staff can read. */
export async function expectFailure(
  parsing: Promise<unknown>,
  code: ParseFailureCode,
): Promise<string> {
  const error = await parsing.then(
    () => expect.unreachable(`expected the file to be refused with ${code}`),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ParseError);
  const { code: actual, message } = error as ParseError;
  expect({ code: actual, message }).toMatchObject({ code });
  // One sentence naming the problem and what to do, with nothing from a stack trace or a missing value.
  expect(message).toMatch(/^[A-Z].{20,300}[.]$/);
  expect(message).toContain(";");
  expect(message).not.toMatch(/undefined|null|NaN|\[object|\n|\s+at\s+\S+\s+\(/);
  return message;
}

export function parse(file: string, fileName = path.basename(file), limits: ParseLimits = LIMITS) {
  return parseDocument(file, fileName, limits);
}

/** The blocks without their page, for comparing the structure of formats that have no pages. */
export function outline(document: ParsedDocument) {
  return document.blocks.map(({ kind, text, headingPath }) => ({ kind, text, headingPath }));
}
