import { deleteQaEntry, qaEntryPatch, updateQaEntry } from "@/lib/admin/qa-entries";
import { adminRoute } from "@/lib/admin/route";
import { readJson } from "@/lib/http/body";
import { getRagServices } from "@/lib/rag/services";

export const dynamic = "force-dynamic";

export const PATCH = adminRoute<{ entryId: string }>(async (request, { params, staff }) => {
  const patch = qaEntryPatch.parse(await readJson(request));
  return Response.json({ entry: await updateQaEntry(await getRagServices(), staff, params.entryId, patch) });
});

export const DELETE = adminRoute<{ entryId: string }>(async (_request, { params, staff }) => {
  await deleteQaEntry(await getRagServices(), staff, params.entryId);
  return new Response(null, { status: 204 });
});
