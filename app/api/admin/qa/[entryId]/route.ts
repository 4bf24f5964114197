import { deleteQaEntry, qaEntryPatch, updateQaEntry } from "@/lib/admin/qa-entries";
import { staffRoute } from "@/lib/http/staff-route";

export const dynamic = "force-dynamic";

export const PATCH = staffRoute({ body: qaEntryPatch }, async ({ container, staff, params, body }) =>
  Response.json({ entry: await updateQaEntry(await container.rag(), staff, params.entryId, body) }),
);

export const DELETE = staffRoute({}, async ({ container, staff, params }) => {
  await deleteQaEntry(await container.rag(), staff, params.entryId);
  return new Response(null, { status: 204 });
});
