import { reindexDocument } from "@/lib/admin/documents";
import { staffRoute } from "@/lib/http/staff-route";

export const dynamic = "force-dynamic";

export const POST = staffRoute({}, async ({ container, staff, params }) =>
  Response.json({ document: await reindexDocument(container.db, staff, params.documentId) }, { status: 202 }),
);
