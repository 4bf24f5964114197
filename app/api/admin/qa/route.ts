import { createQaEntry, listQaEntries, qaEntryInput, qaListQuery } from "@/lib/admin/qa-entries";
import { adminRoute } from "@/lib/admin/route";
import { getDb } from "@/lib/db/client";
import { readJson } from "@/lib/http/body";
import { getRagServices } from "@/lib/rag/services";

export const dynamic = "force-dynamic";

export const GET = adminRoute(async (request, { staff }) => {
  const query = qaListQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json({ entries: await listQaEntries(getDb(), staff, query) });
});

export const POST = adminRoute(async (request, { staff }) => {
  const input = qaEntryInput.parse(await readJson(request));
  return Response.json({ entry: await createQaEntry(await getRagServices(), staff, input) }, { status: 201 });
});
