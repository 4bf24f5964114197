import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { receiveUploads } from "@/lib/documents/receive-uploads";
import { sha256 } from "@/lib/documents/storage";
import { HttpError } from "@/lib/http/errors";
import { multipartUpload } from "../../support/multipart";

let tempDir: string;
beforeEach(async () => {
  tempDir = await mkdtemp(path.join(tmpdir(), "uploads-"));
});
afterEach(() => rm(tempDir, { recursive: true, force: true }));

const MB = 1024 * 1024;
const options = () => ({ tempDir, maxBytes: MB, maxFiles: 3 });

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe("receiveUploads", () => {
  it("streams each file to a temporary file with its checksum and size, keeping Russian names", async () => {
    const text = "# Лекция 1\n\nПеременные и типы.";
    const { files, rejected } = await receiveUploads(multipartUpload([{ name: "Лекция 1.md", content: text }]), options());
    expect(rejected).toEqual([]);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ fileName: "Лекция 1.md", sizeBytes: Buffer.byteLength(text), checksum: sha256(Buffer.from(text)) });
    expect(await readFile(files[0].tempPath, "utf8")).toBe(text);
  });

  it("refuses oversize, empty and unsupported files one by one and keeps the rest", async () => {
    const { files, rejected } = await receiveUploads(
      multipartUpload([
        { name: "big.pdf", content: new Uint8Array(MB + 1) },
        { name: "ok.txt", content: "Текст" },
        { name: "empty.md", content: "" },
      ]),
      options(),
    );
    expect(files.map((f) => f.fileName)).toEqual(["ok.txt"]);
    expect(rejected).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ fileName: "big.pdf", status: 413, code: "file_too_large", message: "The file is larger than the 1 MB limit." }),
        expect.objectContaining({ fileName: "empty.md", status: 400, code: "empty_file" }),
      ]),
    );
    const unsupported = await receiveUploads(multipartUpload([{ name: "virus.exe", content: "MZ" }]), options());
    expect(unsupported.rejected).toEqual([expect.objectContaining({ fileName: "virus.exe", status: 415, code: "unsupported_type" })]);
    expect(await readdir(tempDir)).toEqual([files[0].tempPath].map((p) => path.basename(p)));
  });

  it("refuses a request with too many files and removes what it wrote", async () => {
    const error = await failure(receiveUploads(multipartUpload(["a", "b", "c", "d"].map((n) => ({ name: `${n}.txt`, content: n }))), options()));
    expect(error.status).toBe(413);
    expect(await readdir(tempDir)).toEqual([]);
  });

  it("answers 415 for a body that is not multipart and 400 for a malformed or empty one", async () => {
    const json = new Request("http://app.local/upload", { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect((await failure(receiveUploads(json, options()))).status).toBe(415);
    const truncated = new Request("http://app.local/upload", {
      method: "POST",
      body: '--XYZ\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\npartial content',
      headers: { "content-type": "multipart/form-data; boundary=XYZ" },
    });
    expect((await failure(receiveUploads(truncated, options()))).status).toBe(400);
    expect(await readdir(tempDir)).toEqual([]);
    const noFiles = new Request("http://app.local/upload", { method: "POST", body: new FormData() });
    expect((await failure(receiveUploads(noFiles, options()))).code).toBe("no_files");
  });
});
