import { z } from "zod";
import { importQaCsv } from "@/lib/admin/qa-csv";
import { adminRoute } from "@/lib/admin/route";
import { readBodyText } from "@/lib/http/body";
import { getRagServices } from "@/lib/rag/services";

export const dynamic = "force-dynamic";

// Its own cap, not JSON_BODY_MAX_KB: a course's whole FAQ arrives in one body, and 2 MB holds
// thousands of entries while bounding what one request may make the server hold and parse.
const MAX_CSV_BYTES = 2 * 1024 * 1024;
const query = z.object({ courseId: z.string().min(1, "courseId is required (a course id, or global)") });

/** Imports a CSV (the request body, text/csv) into a course's entries, or the global ones. */
export const POST = adminRoute(async (request, { staff }) => {
  const { courseId } = query.parse({ courseId: new URL(request.url).searchParams.get("courseId") ?? "" });
  const text = await readBodyText(request, MAX_CSV_BYTES);
  const summary = await importQaCsv(await getRagServices(), staff, courseId === "global" ? null : courseId, text);
  return Response.json(summary);
});
