import { z } from "zod";
import { documentFileResponse } from "@/lib/documents/file-response";
import { findStudentDocument } from "@/lib/documents/student-documents";
import { notFoundResponse } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

const documentId = z.string().min(1).max(100);

/**
 * GET /api/documents/:id/file: the uploaded file itself, shown inline so a citation opens the
 * browser's PDF viewer at `#page=N`; only READY documents of courses students can open.
 */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  const id = documentId.safeParse((await context.params).id);
  const document = id.success ? await findStudentDocument(id.data) : null;
  if (!document) return notFoundResponse("The document");
  return documentFileResponse(request, document);
}

/** HEAD answers the same headers without opening the file (documentFileResponse sees the method). */
export const HEAD = GET;
