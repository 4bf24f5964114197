import { createHash } from "node:crypto";

/**
 * A stable UUID for a point (Qdrant accepts UUIDs or integers): the same document passage or entry
 * always gets the same id, so re-ingesting replaces points instead of duplicating them.
 */
export function pointId(...parts: (string | number)[]): string {
  const hex = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  // Shaped as a version-5-style UUID (RFC 9562 layout) from the hash's first 128 bits.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
