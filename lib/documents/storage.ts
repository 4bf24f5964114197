import { createHash } from "node:crypto";
import { mkdir, writeFile, rename, access, rm } from "node:fs/promises";
import path from "node:path";

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

const exists = (file: string) => access(file).then(() => true, () => false);

function storedPath(uploadsDir: string, courseId: string, checksum: string, extension: string) {
  return path.join(uploadsDir, courseId, `${checksum}${extension.toLowerCase()}`);
}

/**
 * Stores an uploaded file under uploads/<courseId>/<checksum><ext>. Content-addressed, so the
 * same file stored twice is one file; written to a temporary name first so a crash never leaves
 * a truncated file under the final name.
 */
export async function storeCourseFile(uploadsDir: string, courseId: string, checksum: string, extension: string, bytes: Uint8Array) {
  const target = storedPath(uploadsDir, courseId, checksum, extension);
  if (!(await exists(target))) {
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.partial`;
    await writeFile(temporary, bytes);
    await rename(temporary, target);
  }
  return target;
}

/** Moves a fully received upload (same file system) to its content-addressed place. */
export async function adoptReceivedFile(uploadsDir: string, courseId: string, checksum: string, extension: string, received: string) {
  const target = storedPath(uploadsDir, courseId, checksum, extension);
  if (await exists(target)) {
    await rm(received, { force: true });
  } else {
    await mkdir(path.dirname(target), { recursive: true });
    await rename(received, target);
  }
  return target;
}
