import type { DocumentType } from "@/lib/generated/prisma/enums";
import { jsonError } from "@/lib/http/errors";
import { etagMatches, parseRange } from "@/lib/http/range";
import { storedFileInfo, streamStoredFile } from "./storage";

export type ServedDocument = { fileName: string; type: DocumentType; mimeType: string; storagePath: string; checksum: string };

// A document's bytes never change under its id (they are its checksum), but its course can be
// unpublished: browsers may keep it for an hour, shared caches never.
const CACHE_CONTROL = "private, max-age=3600";

/**
 * `inline` with both filename forms (RFC 6266): an ASCII stand-in for old clients, and the real
 * name percent-encoded as RFC 5987 asks (encodeURIComponent leaves ' ( ) * bare, which it does
 * not allow). Quotes, backslashes and control characters could break out of the header.
 */
export function inlineDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `inline; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function notModified(request: Request, etag: string, modifiedAt: Date): boolean {
  const ifNoneMatch = request.headers.get("if-none-match");
  if (ifNoneMatch !== null) return etagMatches(ifNoneMatch, etag);
  const since = Date.parse(request.headers.get("if-modified-since") ?? "");
  // HTTP dates have whole seconds; the file's time has milliseconds.
  return !Number.isNaN(since) && Math.floor(modifiedAt.getTime() / 1000) * 1000 <= since;
}

/**
 * Answers GET or HEAD for a stored document: 304 when the client's copy is current, 206 for a
 * single byte range (PDF viewers fetch pages this way), 416 for a range past the end, else the
 * whole file, always streamed from disk.
 */
export async function documentFileResponse(request: Request, document: ServedDocument): Promise<Response> {
  const info = await storedFileInfo(document.storagePath);
  if (!info) return jsonError(410, "file_missing", "The document's file is missing.");
  const etag = `"${document.checksum}"`;
  const validators = { etag, "last-modified": info.modifiedAt.toUTCString(), "cache-control": CACHE_CONTROL };
  if (notModified(request, etag, info.modifiedAt)) return new Response(null, { status: 304, headers: validators });

  const headers: Record<string, string> = {
    ...validators,
    "accept-ranges": "bytes",
    "content-type": document.type === "MARKDOWN" || document.type === "TEXT" ? `${document.mimeType}; charset=utf-8` : document.mimeType,
    "content-disposition": inlineDisposition(document.fileName),
    "x-content-type-options": "nosniff",
    // Uploaded HTML must never run as part of this site.
    "content-security-policy": "sandbox",
  };
  // A range of an older copy than the client holds would splice two versions together.
  const ifRange = request.headers.get("if-range");
  const range = ifRange === null || ifRange === etag ? parseRange(request.headers.get("range"), info.size) : { kind: "whole" as const };
  if (range.kind === "unsatisfiable") {
    return new Response(null, { status: 416, headers: { ...validators, "accept-ranges": "bytes", "content-range": `bytes */${info.size}` } });
  }
  const { start, end } = range.kind === "part" ? range : { start: 0, end: info.size - 1 };
  const responseHeaders: Record<string, string> = { ...headers, "content-length": String(Math.max(0, end - start + 1)) };
  if (range.kind === "part") responseHeaders["content-range"] = `bytes ${start}-${end}/${info.size}`;
  const status = range.kind === "part" ? 206 : 200;
  if (request.method === "HEAD" || info.size === 0) return new Response(null, { status, headers: responseHeaders });
  return new Response(streamStoredFile(document.storagePath, { start, end }), { status, headers: responseHeaders });
}
