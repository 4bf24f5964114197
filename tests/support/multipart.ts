/** A browser-like multipart upload of the given files under the field name "files". */
export function multipartUpload(files: { name: string; content: Uint8Array | string }[]): Request {
  const form = new FormData();
  for (const file of files) {
    form.append("files", new Blob([typeof file.content === "string" ? file.content : new Uint8Array(file.content)]), file.name);
  }
  return new Request("http://app.local/upload", { method: "POST", body: form });
}
