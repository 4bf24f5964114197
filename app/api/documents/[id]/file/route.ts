import { documentFileResponse } from "@/lib/documents/file-response";
import { findStudentDocument } from "@/lib/documents/student-documents";
import { notFound } from "@/lib/http/errors";
import { publicRoute } from "@/lib/http/public-route";

export const dynamic = "force-dynamic";

/**
 * GET /api/documents/:id/file: the uploaded file itself, shown inline so a citation opens the
 * browser's PDF viewer at `#page=N`; only READY documents of courses students can open.
 */
export const GET = publicRoute({}, async ({ container, request, params }) => {
  const document = await findStudentDocument(params.id, container.db);
  if (!document) throw notFound("The document");
  return documentFileResponse(request, document);
});

/** HEAD answers the same headers without opening the file (documentFileResponse sees the method). */
export const HEAD = GET;
