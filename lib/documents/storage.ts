import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, writeFile, rename, access, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";

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

/** A stored file's size and modification time; null when it is gone from disk. */
export async function storedFileInfo(file: string): Promise<{ size: number; modifiedAt: Date } | null> {
  const info = await stat(file).catch(() => null);
  return info?.isFile() ? { size: info.size, modifiedAt: info.mtime } : null;
}

/**
 * The bytes `start`..`end` (inclusive) of a stored file as a web stream read from disk as the
 * client takes them, so a large PDF costs one buffer per request rather than its whole size.
 * Cancelling the stream (the client went away) closes the file.
 */
export function streamStoredFile(file: string, range: { start: number; end: number }): ReadableStream<Uint8Array> {
  return Readable.toWeb(createReadStream(file, range)) as ReadableStream<Uint8Array>;
}
