import { z } from "zod";
import { entriesToCsv } from "@/lib/admin/qa-csv";
import { listQaEntries } from "@/lib/admin/qa-entries";
import { adminRoute } from "@/lib/admin/route";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

const query = z.object({ courseId: z.string().min(1, "courseId is required (a course id, or global)") });

/** The entries of a course (or the global ones) as CSV, ready to edit in a spreadsheet and import back. */
export const GET = adminRoute(async (request, { staff }) => {
  const { courseId } = query.parse({ courseId: new URL(request.url).searchParams.get("courseId") ?? "" });
  const entries = await listQaEntries(getDb(), staff, { courseId });
  return new Response(entriesToCsv(entries), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="faq-${courseId}.csv"`,
      "cache-control": "no-store",
    },
  });
});
