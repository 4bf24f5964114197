import { createQaEntry, listQaEntries, qaEntryInput, qaListQuery } from "@/lib/admin/qa-entries";
import { staffRoute } from "@/lib/http/staff-route";

export const dynamic = "force-dynamic";

export const GET = staffRoute({ query: qaListQuery }, async ({ container, staff, query }) => Response.json({ entries: await listQaEntries(container.db, staff, query) }));

export const POST = staffRoute({ body: qaEntryInput }, async ({ container, staff, body }) =>
  Response.json({ entry: await createQaEntry(await container.rag(), staff, body) }, { status: 201 }),
);
