import { getConfig } from "@/lib/config/load";
import { HttpError } from "./errors";

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}

export function bodyTooLarge(maxBytes: number): HttpError {
  return new HttpError(413, "body_too_large", `The request body is larger than the ${sizeText(maxBytes)} limit.`);
}

/** The cap for JSON bodies (JSON_BODY_MAX_KB): a few KB is all any form or chat message needs. */
export function jsonBodyLimit(config: { JSON_BODY_MAX_KB: number } = getConfig()): number {
  return config.JSON_BODY_MAX_KB * 1024;
}

/**
 * Reads a body as UTF-8 text, refusing with 413 once it grows past `maxBytes`. A declared
 * Content-Length over the cap is refused before a byte is read; a smaller one (or none, when
 * chunked) is not believed, so the bytes are counted as they arrive and reading stops at the cap
 * instead of buffering whatever a client keeps sending.
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw bodyTooLarge(maxBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw bodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Reads a JSON body of at most `maxBytes` (JSON_BODY_MAX_KB unless given): 413 above it, 400
 * (not 500) for a body that is not JSON; `empty` stands for no body where one is optional.
 */
export async function readJson(request: Request, options: { empty?: unknown; maxBytes?: number } = {}): Promise<unknown> {
  const text = await readBodyText(request, options.maxBytes ?? jsonBodyLimit());
  if (text.trim() === "") {
    if ("empty" in options) return options.empty;
    throw new HttpError(400, "invalid_json", "The request body must be JSON.");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_json", "The request body is not valid JSON.");
  }
}
