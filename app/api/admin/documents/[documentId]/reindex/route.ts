import { reindexDocument } from "@/lib/admin/documents";
import { adminRoute } from "@/lib/admin/route";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const POST = adminRoute<{ documentId: string }>(async (_request, { params, staff }) =>
  Response.json({ document: await reindexDocument(getDb(), staff, params.documentId) }, { status: 202 }),
);
