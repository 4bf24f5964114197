import { readFile } from "node:fs/promises";
import { findStudentDocument } from "@/lib/documents/student-documents";

export const dynamic = "force-dynamic";

/**
 * GET /api/documents/:id/file: the uploaded file itself, shown inline so a citation opens the
 * browser's PDF viewer at `#page=N`.
 */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  const document = await findStudentDocument((await context.params).id);
  if (!document) return Response.json({ error: { code: "not_found", message: "Document not found" } }, { status: 404 });
  const bytes = await readFile(document.storagePath).catch(() => null);
  if (!bytes) return Response.json({ error: { code: "file_missing", message: "The document's file is missing" } }, { status: 410 });
  return new Response(new Uint8Array(bytes), {
    headers: {
      "content-type": document.type === "MARKDOWN" || document.type === "TEXT" ? `${document.mimeType}; charset=utf-8` : document.mimeType,
      "content-disposition": `inline; filename*=UTF-8''${encodeURIComponent(document.fileName)}`,
      "x-content-type-options": "nosniff",
      // Uploaded HTML must never run as part of this site.
      "content-security-policy": "sandbox",
      "cache-control": "private, max-age=300",
    },
  });
}
