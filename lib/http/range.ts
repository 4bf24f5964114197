/** What a Range header asks of a representation of `size` bytes. */
export type RangeRequest = { kind: "whole" } | { kind: "part"; start: number; end: number } | { kind: "unsatisfiable" };

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

/**
 * Reads a single byte range (RFC 9110 §14.1.2): `a-b`, `a-` or the suffix `-n`. A header that
 * is absent, malformed, in another unit or lists several ranges is answered with the whole
 * representation, which the RFC allows, so PDF viewers (which ask for one range at a time) get
 * their parts and nothing has to be multipart/byteranges.
 */
export function parseRange(header: string | null, size: number): RangeRequest {
  const match = header?.replace(/\s+/g, "").match(SINGLE_RANGE);
  if (!match) return { kind: "whole" };
  const [, first, last] = match;
  if (first === "") {
    if (last === "") return { kind: "whole" };
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "part", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== "" && Number(last) < start) return { kind: "whole" };
  if (start >= size) return { kind: "unsatisfiable" };
  return { kind: "part", start, end: last === "" ? size - 1 : Math.min(Number(last), size - 1) };
}

/** Whether an If-None-Match header names `etag` (weak comparison, as RFC 9110 §13.1.2 asks for GET). */
export function etagMatches(header: string | null, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim() === "*" || bare(tag) === bare(etag));
}
