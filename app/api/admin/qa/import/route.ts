import { z } from "zod";
import { importQaCsv, qaCsvQuery } from "@/lib/admin/qa-csv";
import { staffRoute } from "@/lib/http/staff-route";

export const dynamic = "force-dynamic";

// Its own cap, not JSON_BODY_MAX_KB: a course's whole FAQ arrives in one body, and 2 MB holds
// thousands of entries while bounding what one request may make the server hold and parse.
const MAX_CSV_BYTES = 2 * 1024 * 1024;

/** Imports a CSV (the request body, text/csv) into a course's entries, or the global ones. */
export const POST = staffRoute({ query: qaCsvQuery, body: z.string(), bodyAs: "text", maxBodyBytes: MAX_CSV_BYTES }, async ({ container, staff, query, body }) =>
  Response.json(await importQaCsv(await container.rag(), staff, query.courseId === "global" ? null : query.courseId, body)),
);
