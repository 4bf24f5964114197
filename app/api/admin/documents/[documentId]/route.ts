import { deleteDocument, documentForStaff } from "@/lib/admin/documents";
import { staffRoute } from "@/lib/http/staff-route";

export const dynamic = "force-dynamic";

export const GET = staffRoute({}, async ({ container, staff, params }) => {
  const space = await (await container.rag()).spaces.current();
  return Response.json({ document: await documentForStaff(container.db, staff, params.documentId, space) });
});

export const DELETE = staffRoute({}, async ({ container, staff, params }) => {
  await deleteDocument(await container.rag(), staff, params.documentId);
  return new Response(null, { status: 204 });
});
