import { deleteDocument, documentForStaff } from "@/lib/admin/documents";
import { adminRoute } from "@/lib/admin/route";
import { getDb } from "@/lib/db/client";
import { getRagServices } from "@/lib/rag/services";

export const dynamic = "force-dynamic";

export const GET = adminRoute<{ documentId: string }>(async (_request, { params, staff }) => {
  const space = await (await getRagServices()).spaces.current();
  return Response.json({ document: await documentForStaff(getDb(), staff, params.documentId, space) });
});

export const DELETE = adminRoute<{ documentId: string }>(async (_request, { params, staff }) => {
  await deleteDocument(await getRagServices(), staff, params.documentId);
  return new Response(null, { status: 204 });
});
