import { createHash } from "node:crypto";
import { mkdir, writeFile, rename, access } from "node:fs/promises";
import path from "node:path";

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Stores an uploaded file under uploads/<courseId>/<checksum><ext>. Content-addressed, so the
 * same file stored twice is one file; written to a temporary name first so a crash never leaves
 * a truncated file under the final name.
 */
export async function storeCourseFile(uploadsDir: string, courseId: string, checksum: string, extension: string, bytes: Uint8Array) {
  const dir = path.join(uploadsDir, courseId);
  const target = path.join(dir, `${checksum}${extension.toLowerCase()}`);
  const exists = await access(target).then(() => true, () => false);
  if (!exists) {
    await mkdir(dir, { recursive: true });
    const temporary = `${target}.${process.pid}.partial`;
    await writeFile(temporary, bytes);
    await rename(temporary, target);
  }
  return target;
}
