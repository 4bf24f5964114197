import { randomUUID, createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { bodyTooLarge } from "@/lib/http/body";
import { HttpError } from "@/lib/http/errors";
import { fileTypeOf, SUPPORTED_FILE_TYPES } from "./file-types";

export type ReceivedFile = { fileName: string; checksum: string; sizeBytes: number; tempPath: string };
export type RejectedFile = { fileName: string; status: 413 | 415 | 400; code: string; message: string };
export type ReceivedUploads = { files: ReceivedFile[]; rejected: RejectedFile[] };
/**
 * `maxRequestBytes` caps the whole body (default: `maxFiles` files of `maxBytes` and 1 MB of
 * multipart framing): busboy stops writing a file at `maxBytes` but keeps reading what follows,
 * so without it one request could stream without end.
 */
export type ReceiveOptions = { tempDir: string; maxBytes: number; maxFiles: number; maxRequestBytes?: number };

const MB = 1024 * 1024;

function rejectedByName(fileName: string, maxBytes: number, size: number, truncated: boolean): RejectedFile | null {
  if (truncated) {
    return { fileName, status: 413, code: "file_too_large", message: `The file is larger than the ${Math.round(maxBytes / MB)} MB limit.` };
  }
  if (size === 0) return { fileName, status: 400, code: "empty_file", message: "The file is empty." };
  return null;
}

function unsupported(fileName: string): RejectedFile {
  const accepted = Object.keys(SUPPORTED_FILE_TYPES).join(", ");
  return { fileName, status: 415, code: "unsupported_type", message: `This file type is not supported; upload ${accepted}.` };
}

/** Removes received files not (or no longer) wanted from the incoming folder. */
export async function discardReceived(files: readonly { tempPath: string }[]): Promise<void> {
  await Promise.all(files.map((file) => rm(file.tempPath, { force: true })));
}

/**
 * Streams a multipart upload to temporary files, hashing on the way, so a large file is never
 * held in memory. Each file is judged alone: an oversize, empty or unsupported file is reported
 * and removed while the others are kept. A broken request removes everything it wrote.
 */
export async function receiveUploads(request: Request, options: ReceiveOptions): Promise<ReceivedUploads> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    throw new HttpError(415, "unsupported_media_type", "Send the files as multipart/form-data.");
  }
  if (!request.body) throw new HttpError(400, "no_files", "The request has no files.");
  const maxRequestBytes = options.maxRequestBytes ?? options.maxFiles * options.maxBytes + MB;
  if (Number(request.headers.get("content-length") ?? 0) > maxRequestBytes) throw bodyTooLarge(maxRequestBytes);
  await mkdir(options.tempDir, { recursive: true });

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      defParamCharset: "utf8",
      limits: { fileSize: options.maxBytes, files: options.maxFiles, fields: 20, fieldSize: 10_000 },
    });
  } catch {
    throw new HttpError(400, "invalid_multipart", "The multipart request is malformed.");
  }

  const files: ReceivedFile[] = [];
  const rejected: RejectedFile[] = [];
  const writes: Promise<void>[] = [];
  const tempPaths: string[] = [];
  const removeAll = () => discardReceived(tempPaths.map((tempPath) => ({ tempPath })));
  let tooManyFiles = false;
  let tooLarge = false;
  let received = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (received > maxRequestBytes) {
        tooLarge = true;
        done(new Error("request body over its cap"));
      } else {
        done(null, chunk);
      }
    },
  });

  parser.on("file", (_field, stream, info) => {
    const fileName = path.basename(info.filename || "unnamed").slice(0, 255);
    if (!fileTypeOf(fileName)) {
      rejected.push(unsupported(fileName));
      stream.resume();
      return;
    }
    const tempPath = path.join(options.tempDir, `${randomUUID()}.partial`);
    tempPaths.push(tempPath);
    const hash = createHash("sha256");
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    writes.push(
      pipeline(stream, measure, createWriteStream(tempPath)).then(async () => {
        const refusal = rejectedByName(fileName, options.maxBytes, size, stream.truncated === true);
        if (refusal) {
          rejected.push(refusal);
          await rm(tempPath, { force: true });
        } else {
          files.push({ fileName, checksum: hash.digest("hex"), sizeBytes: size, tempPath });
        }
      }),
    );
  });
  parser.on("filesLimit", () => (tooManyFiles = true));

  try {
    await pipeline(Readable.fromWeb(request.body as WebReadableStream<Uint8Array>), cap, parser);
    await Promise.all(writes);
  } catch {
    await Promise.allSettled(writes);
    await removeAll();
    if (tooLarge) throw bodyTooLarge(maxRequestBytes);
    throw new HttpError(400, "invalid_multipart", "The upload was interrupted or the multipart body is malformed.");
  }
  if (tooManyFiles) {
    await removeAll();
    throw new HttpError(413, "too_many_files", `Upload at most ${options.maxFiles} files at a time.`);
  }
  if (files.length === 0 && rejected.length === 0) throw new HttpError(400, "no_files", "The request has no files.");
  return { files, rejected };
}
